"""Mistake: run_steps keeps a step's result only when it is true: '', 0 and None are lost."""

FAILS = {4}
BREAKS = "steps-results-in-order"


def run_steps(steps, loop_factory=None):
    results = []
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        for step in steps:
            result = runner.run(step())
            if result:
                results.append(result)
    return results
