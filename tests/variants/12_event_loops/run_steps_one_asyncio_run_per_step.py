"""The version given to the learner: asyncio.run per step, a new loop every time."""


def run_steps(steps, loop_factory=None):
    return [asyncio.run(step()) for step in steps]


FAILS = {4}
BREAKS = "steps-one-runner-loop"
