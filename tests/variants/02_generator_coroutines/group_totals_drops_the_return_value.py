"""Mistake: yield from subtotal() is used, but the value it gives is thrown away."""

FAILS = {4}
BREAKS = "group-totals-appends-return-values"


def group_totals(results):
    while True:
        yield from subtotal()
