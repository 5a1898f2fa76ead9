"""Mistake: stop_loop_thread cancels the tasks, then sleeps 50 ms instead of awaiting them."""

import asyncio
import time

FAILS = {4}
BREAKS = "stop-cancels-and-waits"


def stop_loop_thread(loop, thread):
    def cancel_all():
        for each in asyncio.all_tasks(loop):
            each.cancel()

    loop.call_soon_threadsafe(cancel_all)
    time.sleep(0.05)  # long enough for a cleanup, is the guess
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    loop.close()
