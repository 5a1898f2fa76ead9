"""stop_loop_thread calls loop.stop() from another thread: the sleeping loop never notices."""


def stop_loop_thread(loop, thread):
    async def cancel_the_rest():
        tasks = asyncio.all_tasks() - {asyncio.current_task()}
        for leftover in tasks:
            leftover.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run_coroutine_threadsafe(cancel_the_rest(), loop).result()
    loop.stop()
    thread.join()
    loop.close()


FAILS = {4}
BREAKS = "stop-loop-threadsafe"
