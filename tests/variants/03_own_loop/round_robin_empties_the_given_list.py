"""Mistake: round_robin uses the caller's list as its queue, as the seed did: it ends empty."""

FAILS = {1}
BREAKS = "round-robin-leaves-the-list-alone"


def round_robin(tasks):
    while tasks:
        task = tasks.pop(0)
        try:
            next(task)
        except StopIteration:
            continue
        tasks.append(task)
