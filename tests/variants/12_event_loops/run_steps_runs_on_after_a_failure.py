"""Mistake: a failing step does not stop the others: its error is raised only at the end."""

FAILS = {4}
BREAKS = "steps-failure-propagates"


def run_steps(steps, loop_factory=None):
    results, errors = [], []
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        for step in steps:
            try:
                results.append(runner.run(step()))
            except Exception as error:
                errors.append(error)
    if errors:
        raise errors[0]
    return results
