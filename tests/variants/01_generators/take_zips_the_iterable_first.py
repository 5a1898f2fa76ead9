"""Mistake: take zips the iterable before range(n), so zip pulls one item too many and loses it."""

FAILS = {5}
BREAKS = "take-pulls-exactly-what-it-returns"


def take(n, iterable):
    return [item for item, _ in zip(iterable, range(n), strict=False)]
