"""Mistake: group_totals empties the caller's list before it appends to it."""

FAILS = {4}
BREAKS = "group-totals-appends-return-values"


def group_totals(results):
    results.clear()
    while True:
        results.append((yield from subtotal()))
