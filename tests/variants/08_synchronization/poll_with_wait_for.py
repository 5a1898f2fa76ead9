"""Correct in another style: asyncio.wait_for(stop.wait(), interval) as the pause."""

import asyncio

FAILS = set()


async def poll_until_stopped(stop, poll, interval):
    count = 0
    while not stop.is_set():
        await poll()
        count += 1
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval)
        except asyncio.TimeoutError:
            continue
    return count
