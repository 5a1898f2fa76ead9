"""Mistake: run_pair gives up after 30 s, a deadline nobody asked for."""

import asyncio

FAILS = {1}
BREAKS = "run-pair-returns-both-in-order"


async def run_pair(first, second):
    return tuple(await asyncio.wait_for(asyncio.gather(first(), second()), 30))
