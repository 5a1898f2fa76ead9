"""Mistake: run_with_background reads task.result() without awaiting the task, before it is done."""

FAILS = {7}
BREAKS = "background-runs-while-work-is-awaited"


async def run_with_background(work, background):
    task = asyncio.create_task(background())
    work_result = await work()
    return work_result, task.result()
