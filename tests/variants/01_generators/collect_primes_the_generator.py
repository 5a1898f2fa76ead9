"""Mistake: collect calls next(gen) once to "start" the generator and drops that first item."""

FAILS = {2}
BREAKS = "collect-returns-a-tuple-of-list-and-value"


def collect(gen):
    items = []
    try:
        next(gen)
        while True:
            items.append(next(gen))
    except StopIteration as stop:
        return items, stop.value
