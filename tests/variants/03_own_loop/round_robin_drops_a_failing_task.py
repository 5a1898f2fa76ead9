"""Mistake: round_robin catches Exception, so a task that fails is dropped as if it had finished."""

from collections import deque

FAILS = {1}
BREAKS = "round-robin-task-error-comes-out"


def round_robin(tasks):
    ready = deque(tasks)
    while ready:
        task = ready.popleft()
        try:
            next(task)
        except Exception:  # StopIteration, and every task's error with it
            continue
        ready.append(task)
