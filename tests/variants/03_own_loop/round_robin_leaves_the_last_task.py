"""Mistake: round_robin stops when one task is left ("nothing to switch to"), unfinished."""

from collections import deque

FAILS = {1}
BREAKS = "round-robin-runs-every-task-to-its-end"


def round_robin(tasks):
    ready = deque(tasks)
    while len(ready) > 1:
        task = ready.popleft()
        try:
            next(task)
        except StopIteration:
            continue
        ready.append(task)
