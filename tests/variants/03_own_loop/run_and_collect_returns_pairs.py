"""Mistake: run_and_collect returns a list of (name, result) pairs instead of a dict."""

from collections import deque

FAILS = {2}
BREAKS = "collect-returns-every-result"


def run_and_collect(tasks):
    results = []
    ready = deque(tasks.items())
    while ready:
        name, task = ready.popleft()
        try:
            next(task)
        except StopIteration as stop:
            results.append((name, stop.value))
        else:
            ready.append((name, task))
    return results
