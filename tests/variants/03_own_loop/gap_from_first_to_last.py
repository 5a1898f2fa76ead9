"""Mistake: longest_gap measures the first stamp to the last, not between neighbours."""

FAILS = {4}
BREAKS = "longest-gap"


def longest_gap(stamps):
    return stamps[-1] - stamps[0] if len(stamps) > 1 else 0.0
