"""Mistake: collect pulls at most 1000 items, a cap the task does not give."""

FAILS = {2}
BREAKS = "collect-runs-to-stop-iteration"


def collect(gen):
    items = []
    for _ in range(1000):
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return items, stop.value
    return items, None
