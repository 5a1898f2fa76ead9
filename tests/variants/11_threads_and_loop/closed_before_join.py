"""stop_loop_thread closes the loop without waiting for its thread to stop running it."""


def stop_loop_thread(loop, thread):
    async def cancel_the_rest():
        tasks = asyncio.all_tasks() - {asyncio.current_task()}
        for leftover in tasks:
            leftover.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run_coroutine_threadsafe(cancel_the_rest(), loop).result()
    loop.call_soon_threadsafe(loop.stop)
    loop.close()


FAILS = {4}
BREAKS = "stop-joins-the-thread"
