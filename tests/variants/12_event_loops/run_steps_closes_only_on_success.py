"""Closes the Runner after the last step, but a failing step skips the close."""


def run_steps(steps, loop_factory=None):
    runner = asyncio.Runner(loop_factory=loop_factory)
    results = [runner.run(step()) for step in steps]
    runner.close()
    return results


FAILS = {4}
BREAKS = "steps-closed-even-on-failure"
