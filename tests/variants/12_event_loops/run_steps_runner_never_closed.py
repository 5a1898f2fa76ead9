"""Uses one Runner for every step but never closes it, so its loop stays open."""


def run_steps(steps, loop_factory=None):
    runner = asyncio.Runner(loop_factory=loop_factory)
    return [runner.run(step()) for step in steps]


FAILS = {4}
BREAKS = "steps-closed"
