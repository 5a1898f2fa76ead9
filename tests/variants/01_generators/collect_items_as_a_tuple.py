"""Mistake: collect gives the yielded items as a tuple, where the statement asks for a list."""

FAILS = {2}
BREAKS = "collect-returns-a-tuple-of-list-and-value"


def collect(gen):
    items = ()
    while True:
        try:
            items += (next(gen),)
        except StopIteration as stop:
            return items, stop.value
