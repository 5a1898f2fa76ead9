"""Mistake: longest_gap sorts the caller's list of stamps in place before measuring."""

import itertools

FAILS = {4}
BREAKS = "longest-gap-leaves-the-stamps-alone"


def longest_gap(stamps):
    stamps.sort()
    return max((later - earlier for earlier, later in itertools.pairwise(stamps)), default=0.0)
