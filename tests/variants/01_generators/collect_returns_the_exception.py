"""Mistake: collect returns the StopIteration itself instead of the value it carries."""

FAILS = {2}
BREAKS = "collect-reads-the-returned-value"


def collect(gen):
    items = []
    while True:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return items, stop
