"""Mistake: collect gives None for a returned value that is falsy (0), with `stop.value or None`."""

FAILS = {2}
BREAKS = "collect-reads-the-returned-value"


def collect(gen):
    items = []
    while True:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return items, stop.value or None
