"""Mistake: longest_gap handles no stamps but takes max() of nothing when there is one stamp."""

import itertools

FAILS = {4}
BREAKS = "longest-gap"


def longest_gap(stamps):
    if not stamps:
        return 0.0
    return max(later - earlier for earlier, later in itertools.pairwise(stamps))
