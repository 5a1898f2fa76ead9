"""Mistake: run_and_collect pops each task off the caller's dict and puts it back at the end."""

FAILS = {2}
BREAKS = "collect-leaves-the-dict-alone"


def run_and_collect(tasks):
    results = {}
    while tasks:
        name = next(iter(tasks))
        task = tasks.pop(name)
        try:
            next(task)
        except StopIteration as stop:
            results[name] = stop.value
        else:
            tasks[name] = task
    return results
