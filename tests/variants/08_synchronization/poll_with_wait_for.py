"""Correct in another style: asyncio.wait_for(stop.wait(), interval) as the pause, and the
asyncio.TimeoutError alias that older tutorials catch."""

import asyncio

FAILS = set()


async def poll_until_stopped(stop, poll, interval):
    count = 0
    while not stop.is_set():
        await poll()
        count += 1
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval)
        except asyncio.TimeoutError:  # noqa: UP041 (the alias learners write, on purpose)
            continue
    return count
