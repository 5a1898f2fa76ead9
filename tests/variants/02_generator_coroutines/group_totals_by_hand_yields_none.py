"""Mistake: group_totals forwards sends by hand, but yields None instead of subtotal's yields."""

FAILS = {4}
BREAKS = "group-totals-passes-yields-out"


def group_totals(results):
    while True:
        sub = subtotal()
        next(sub)
        while True:
            value = yield
            try:
                sub.send(value)
            except StopIteration as stop:
                results.append(stop.value)
                break
