"""Mistake: fibonacci starts from 1, 1 and never yields the leading 0."""

FAILS = {4}
BREAKS = "fibonacci-values"


def fibonacci():
    current, following = 1, 1
    while True:
        yield current
        current, following = following, current + following
