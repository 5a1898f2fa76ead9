"""Correct in another style: each put schedules `queue.put(item)` with run_coroutine_threadsafe."""

import asyncio

FAILS = set()


def threadsafe_put(queue):
    loop = asyncio.get_running_loop()

    def put(item):
        asyncio.run_coroutine_threadsafe(queue.put(item), loop)

    return put
