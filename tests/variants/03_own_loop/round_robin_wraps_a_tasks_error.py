"""Mistake: round_robin raises a RuntimeError of its own in place of the task's exception."""

from collections import deque

FAILS = {1}
BREAKS = "round-robin-task-error-comes-out"


def round_robin(tasks):
    ready = deque(tasks)
    while ready:
        task = ready.popleft()
        try:
            next(task)
        except StopIteration:
            continue
        except Exception as error:
            raise RuntimeError(f"a task failed: {error}") from error
        ready.append(task)
