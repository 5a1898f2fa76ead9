"""Mistake: round_robin gives up silently after 100,000 steps in all (a cap of its own)."""

FAILS = {1}
BREAKS = "round-robin-runs-every-task-to-its-end"


def round_robin(tasks):
    queue = deque(tasks)
    steps = 0
    while queue and steps < 100_000:
        steps += 1
        task = queue.popleft()
        try:
            next(task)
        except StopIteration:
            continue
        queue.append(task)
