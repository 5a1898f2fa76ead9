"""Mistake: triage times the arrivals with time.monotonic(), which stands still on the loop's
virtual clock (right on a real clock, wrong against the statement's loop clock)."""

import asyncio
import itertools
import time

FAILS = {4}
BREAKS = "triage-loop-clock"


async def triage(arrivals, handle):
    queue = asyncio.PriorityQueue()
    order = itertools.count()
    handled = []

    async def worker():
        while True:
            _, _, job = await queue.get()
            try:
                handled.append(await handle(job))
            finally:
                queue.task_done()

    helper = asyncio.create_task(worker())
    start = time.monotonic()
    try:
        for at, priority, job in arrivals:
            delay = start + at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            queue.put_nowait((priority, next(order), job))
        await queue.join()
    finally:
        helper.cancel()
        await asyncio.gather(helper, return_exceptions=True)
    return handled
