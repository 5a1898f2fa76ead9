"""Sleeps with time.sleep inside the coroutines: the loop freezes while they sleep."""

import time


async def sleep_concurrently(count, seconds):
    for _ in range(count):
        time.sleep(seconds)


async def run_with_background(work, background):
    task = asyncio.create_task(background())
    time.sleep(0.01)
    return await work(), await task


FAILS = {5, 7}
