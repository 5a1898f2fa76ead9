"""Mistake: round_robin loops over the list and removes finished tasks from it as it goes."""

FAILS = {1}
BREAKS = "round-robin-one-step-each-in-turn"


def round_robin(tasks):
    while tasks:
        for task in tasks:
            try:
                next(task)
            except StopIteration:
                tasks.remove(task)
