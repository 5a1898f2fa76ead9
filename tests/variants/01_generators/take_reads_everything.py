"""Mistake: take turns the whole iterable into a list first, which never ends on an endless one."""

FAILS = {5}
BREAKS = "take-works-on-endless"


def take(n, iterable):
    return list(iterable)[:n]
