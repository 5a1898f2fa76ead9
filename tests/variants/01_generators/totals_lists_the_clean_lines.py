"""Mistake: totals turns the cleaned lines into a list, reading all input before any total."""

FAILS = {7}
BREAKS = "totals-one-item-at-a-time"


def totals(lines):
    return running_total(parse(list(clean(lines))))
