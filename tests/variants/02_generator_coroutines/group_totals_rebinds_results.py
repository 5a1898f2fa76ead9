"""Mistake: group_totals builds a new list (results = results + [...]): the caller's stays empty."""

FAILS = {4}
BREAKS = "group-totals-appends-return-values"


def group_totals(results):
    while True:
        total = yield from subtotal()
        results = [*results, total]
