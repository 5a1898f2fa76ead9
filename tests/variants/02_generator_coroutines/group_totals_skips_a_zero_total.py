"""Mistake: group_totals appends a subtotal's return value only when it is truthy (not 0)."""

FAILS = {4}
BREAKS = "group-totals-appends-return-values"


def group_totals(results):
    while True:
        total = yield from subtotal()
        if total:
            results.append(total)
