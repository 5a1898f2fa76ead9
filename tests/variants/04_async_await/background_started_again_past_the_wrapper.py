"""Mistake: background is started twice; the second call goes to the function the test's
wrapper holds, past the wrapper, where a count at the wrapper misses it."""

import asyncio

FAILS = {7}
BREAKS = "work-and-background-called-once"


async def run_with_background(work, background):
    task = asyncio.create_task(background())
    extra = asyncio.create_task(getattr(background, "function", background)())
    work_result = await work()
    await extra
    return work_result, await task
