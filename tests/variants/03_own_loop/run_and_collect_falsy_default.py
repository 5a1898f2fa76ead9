"""Mistake: run_and_collect keeps stop.value or None: '', 0, [] and False become None."""

FAILS = {2}
BREAKS = "collect-returns-every-result"


def run_and_collect(tasks):
    from collections import deque

    queue = deque(tasks.items())
    results = {}
    while queue:
        name, task = queue.popleft()
        try:
            next(task)
        except StopIteration as stop:
            results[name] = stop.value or None
        else:
            queue.append((name, task))
    return results
