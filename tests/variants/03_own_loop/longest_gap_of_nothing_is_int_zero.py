"""Mistake: longest_gap uses max(..., default=0), so fewer than two stamps give the int 0."""

import itertools

FAILS = {4}
BREAKS = "longest-gap"


def longest_gap(stamps):
    return max((b - a for a, b in itertools.pairwise(stamps)), default=0)
