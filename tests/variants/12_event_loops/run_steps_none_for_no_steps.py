"""Mistake: with no steps it returns None instead of an empty list."""

import asyncio

FAILS = {4}
BREAKS = "steps-results-in-order"


def run_steps(steps, loop_factory=None):
    if not steps:
        return None
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        return [runner.run(step()) for step in steps]
