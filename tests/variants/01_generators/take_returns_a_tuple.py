"""Mistake: take returns a tuple of the first n items, where the statement asks for a list."""

import itertools

FAILS = {5}
BREAKS = "take-returns-a-list"


def take(n, iterable):
    return tuple(itertools.islice(iterable, n))
