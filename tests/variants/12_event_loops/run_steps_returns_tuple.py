"""Mistake: run_steps returns a tuple of results, not a list."""

FAILS = {4}
BREAKS = "steps-results-in-order"


def run_steps(steps, loop_factory=None):
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        return tuple(runner.run(step()) for step in steps)
