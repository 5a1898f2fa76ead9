"""Mistake: round_robin stops after 10,000 steps in all (a safety cap of its own)."""

FAILS = {1}
BREAKS = "round-robin-runs-every-task-to-its-end"


def round_robin(tasks):
    from collections import deque

    queue = deque(tasks)
    steps = 0
    while queue and steps < 10_000:
        task = queue.popleft()
        steps += 1
        try:
            next(task)
        except StopIteration:
            continue
        queue.append(task)
