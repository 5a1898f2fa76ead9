"""Mistake: run_and_collect runs each task to its end before starting the next."""

FAILS = {2}
BREAKS = "collect-runs-round-robin"


def run_and_collect(tasks):
    results = {}
    for name, task in tasks.items():
        while True:
            try:
                next(task)
            except StopIteration as stop:
                results[name] = stop.value
                break
    return results
