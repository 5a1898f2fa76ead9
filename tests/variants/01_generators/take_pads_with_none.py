"""Mistake: take calls next(it, None) n times, so a short iterable is padded with None."""

FAILS = {5}
BREAKS = "take-fewer-when-it-runs-out"


def take(n, iterable):
    iterator = iter(iterable)
    return [next(iterator, None) for _ in range(n)]
