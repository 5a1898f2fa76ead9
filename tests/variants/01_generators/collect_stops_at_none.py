"""Mistake: collect stops at the first None item, taking it for the end of the generator."""

FAILS = {2}
BREAKS = "collect-runs-to-stop-iteration"


def collect(gen):
    items = []
    try:
        while (item := next(gen)) is not None:
            items.append(item)
    except StopIteration as stop:
        return items, stop.value
    return items, None
