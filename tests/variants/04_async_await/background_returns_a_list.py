"""Mistake: run_with_background returns a list [work_result, background_result], not a tuple."""

FAILS = {7}
BREAKS = "returns-both-results-as-a-tuple"


async def run_with_background(work, background):
    task = asyncio.create_task(background())
    work_result = await work()
    return [work_result, await task]
