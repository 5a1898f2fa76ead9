"""Mistake: run_with_background awaits background() before starting work()."""

FAILS = {7}
BREAKS = "background-runs-while-work-is-awaited"


async def run_with_background(work, background):
    background_result = await background()
    return await work(), background_result
