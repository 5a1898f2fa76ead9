"""run_steps makes every step's coroutine first: a failing step leaves the later ones unawaited."""

import asyncio

FAILS = {4}
BREAKS = "steps-failure-propagates"


def run_steps(steps, loop_factory=None):
    coroutines = [step() for step in steps]
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        return [runner.run(coroutine) for coroutine in coroutines]
