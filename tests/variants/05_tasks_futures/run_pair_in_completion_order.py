"""Mistake: run_pair collects the results with as_completed, in the order the two finish."""

FAILS = {1}
BREAKS = "run-pair-returns-both-in-order"


async def run_pair(first, second):
    results = [await done for done in asyncio.as_completed([first(), second()])]
    return tuple(results)
