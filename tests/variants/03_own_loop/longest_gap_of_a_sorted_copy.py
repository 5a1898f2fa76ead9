"""A correct alternative: longest_gap measures a sorted copy, the caller's list left as it is."""

FAILS = set()


def longest_gap(stamps):
    ordered = sorted(stamps)
    gaps = [ordered[index + 1] - ordered[index] for index in range(len(ordered) - 1)]
    return max(gaps) if gaps else 0.0
