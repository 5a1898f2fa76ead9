"""Mistake: collect stops at the first falsy value instead of at StopIteration."""

FAILS = {2}
BREAKS = "collect-runs-to-stop-iteration"


def collect(gen):
    items = []
    while (item := next(gen, None)) is not None:
        items.append(item)
    return items, None
