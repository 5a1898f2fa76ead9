"""Mistake: round_robin returns as soon as one task finishes, leaving the others unfinished."""

from collections import deque

FAILS = {1}
BREAKS = "round-robin-runs-every-task-to-its-end"


def round_robin(tasks):
    ready = deque(tasks)
    while ready:
        task = ready.popleft()
        try:
            next(task)
        except StopIteration:
            return
        ready.append(task)
