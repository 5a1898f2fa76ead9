"""Mistake: round_robin runs the tasks in batches of 8, each batch to its end before the next."""

FAILS = {1}
BREAKS = "round-robin-one-step-each-in-turn"


def round_robin(tasks):
    from collections import deque

    tasks = list(tasks)
    for start in range(0, len(tasks), 8):
        queue = deque(tasks[start : start + 8])
        while queue:
            task = queue.popleft()
            try:
                next(task)
            except StopIteration:
                continue
            queue.append(task)
