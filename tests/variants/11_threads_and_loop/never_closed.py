"""stop_loop_thread stops the loop and joins the thread, but never closes the loop."""


def stop_loop_thread(loop, thread):
    async def cancel_the_rest():
        tasks = asyncio.all_tasks() - {asyncio.current_task()}
        for leftover in tasks:
            leftover.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run_coroutine_threadsafe(cancel_the_rest(), loop).result()
    loop.call_soon_threadsafe(loop.stop)
    thread.join()


FAILS = {4}
BREAKS = "stop-closes-the-loop"
