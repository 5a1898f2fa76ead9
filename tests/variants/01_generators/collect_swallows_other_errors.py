"""Mistake: collect catches every exception, so a generator that fails looks finished."""

FAILS = {2}
BREAKS = "collect-runs-to-stop-iteration"


def collect(gen):
    items = []
    while True:
        try:
            items.append(next(gen))
        except Exception as stop:
            return items, getattr(stop, "value", None)
