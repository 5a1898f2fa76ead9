"""Mistake: take builds [None] * n first and trims it, so a huge n on a short iterable fails."""

FAILS = {5}
BREAKS = "take-fewer-when-it-runs-out"


def take(n, iterable):
    result = [None] * n
    count = 0
    for item in itertools.islice(iterable, n):
        result[count] = item
        count += 1
    del result[count:]
    return result
