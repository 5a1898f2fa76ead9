"""Mistake: run_and_collect stores a task's exception as its result instead of raising it."""

from collections import deque

FAILS = {2}
BREAKS = "collect-task-error-comes-out"


def run_and_collect(tasks):
    results = {}
    ready = deque(tasks.items())
    while ready:
        name, task = ready.popleft()
        try:
            next(task)
        except StopIteration as stop:
            results[name] = stop.value
        except Exception as error:  # as gather(return_exceptions=True) would: hidden here
            results[name] = error
        else:
            ready.append((name, task))
    return results
