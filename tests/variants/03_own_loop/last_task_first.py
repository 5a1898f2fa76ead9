"""Mistake: the queue is used as a stack, so the last task runs first (LIFO)."""

FAILS = {1}
BREAKS = "round-robin-one-step-each-in-turn"


def round_robin(tasks):
    ready = list(tasks)
    while ready:
        current = ready.pop()
        try:
            next(current)
        except StopIteration:
            continue
        ready.append(current)
