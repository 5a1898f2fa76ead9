"""Mistake: background is started as a task and again in gather; the task is never awaited."""

FAILS = {7}
BREAKS = "work-and-background-called-once"


async def run_with_background(work, background):
    asyncio.create_task(background())
    work_result, background_result = await asyncio.gather(work(), background())
    return work_result, background_result
