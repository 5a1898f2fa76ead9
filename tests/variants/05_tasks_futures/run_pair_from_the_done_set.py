"""Mistake: run_pair takes the results from the done set of asyncio.wait, in the set's
order, which has nothing to do with the order of the arguments."""

import asyncio

FAILS = {1}
BREAKS = "run-pair-returns-both-in-order"


async def run_pair(first, second):
    started = [asyncio.create_task(first()), asyncio.create_task(second())]
    done, _ = await asyncio.wait(started)
    return tuple(each.result() for each in done)
