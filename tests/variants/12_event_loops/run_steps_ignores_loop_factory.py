"""Uses one Runner for every step, but never passes loop_factory on to it."""


def run_steps(steps, loop_factory=None):
    with asyncio.Runner() as runner:
        return [runner.run(step()) for step in steps]


FAILS = {4}
BREAKS = "steps-loop-factory"
