"""Mistake: take calls next() n times, so a short iterable lets StopIteration escape."""

FAILS = {5}
BREAKS = "take-fewer-when-it-runs-out"


def take(n, iterable):
    iterator = iter(iterable)
    return [next(iterator) for _ in range(n)]
