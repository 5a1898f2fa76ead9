"""stop_loop_thread gathers the cancelled tasks without return_exceptions and ignores the
CancelledError: it goes on as soon as the first task ends, the others still cleaning up."""

import concurrent.futures
import contextlib

FAILS = {4}
BREAKS = "stop-cancels-and-waits"


def stop_loop_thread(loop, thread):
    async def cancel_the_rest():
        others = asyncio.all_tasks() - {asyncio.current_task()}
        for other in others:
            other.cancel()
        await asyncio.gather(*others)

    # the tasks were cancelled: that is what we asked for
    with contextlib.suppress(concurrent.futures.CancelledError):
        asyncio.run_coroutine_threadsafe(cancel_the_rest(), loop).result()
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    loop.close()
