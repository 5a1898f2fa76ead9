"""Mistake: stop_loop_thread cancels the loop's tasks from the caller's thread (task.cancel()
is not thread-safe) and only then waits for them on the loop."""

import asyncio

FAILS = {4}
BREAKS = "stop-loop-threadsafe"


def stop_loop_thread(loop, thread):
    tasks = asyncio.all_tasks(loop)
    for leftover in tasks:
        leftover.cancel()

    async def wait_for_the_rest():
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run_coroutine_threadsafe(wait_for_the_rest(), loop).result()
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    loop.close()
