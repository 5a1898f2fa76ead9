"""Mistake: group_totals runs a single subtotal and then ends."""

FAILS = {4}
BREAKS = "group-totals-runs-one-subtotal-after-another"


def group_totals(results):
    results.append((yield from subtotal()))
