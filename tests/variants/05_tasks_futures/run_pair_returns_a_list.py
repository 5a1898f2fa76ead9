"""Mistake: run_pair returns the list that gather gives, where the statement asks for a tuple."""

FAILS = {1}
BREAKS = "run-pair-returns-both-in-order"


async def run_pair(first, second):
    return await asyncio.gather(first(), second())
