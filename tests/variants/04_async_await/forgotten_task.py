"""Starts the background task but never awaits it, so its result is lost."""


async def run_with_background(work, background):
    asyncio.create_task(background())
    return await work(), None


FAILS = {7}
BREAKS = "returns-both-results-as-a-tuple"
