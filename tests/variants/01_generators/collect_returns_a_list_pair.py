"""Mistake: collect returns a list [items, returned] instead of the tuple (items, returned)."""

FAILS = {2}
BREAKS = "collect-returns-a-tuple-of-list-and-value"


def collect(gen):
    items = []
    while True:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return [items, stop.value]
