"""Mistake: the steps are gathered in one runner.run(): they run at once, not one after another."""

import asyncio

FAILS = {4}
BREAKS = "steps-results-in-order"


def run_steps(steps, loop_factory=None):
    async def all_steps():
        return list(await asyncio.gather(*(step() for step in steps)))

    with asyncio.Runner(loop_factory=loop_factory) as runner:
        return runner.run(all_steps())
