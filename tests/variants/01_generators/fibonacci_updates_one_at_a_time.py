"""Mistake: fibonacci updates its two numbers one after the other, so the sum uses the new one."""

FAILS = {4}
BREAKS = "fibonacci-values"


def fibonacci():
    current, following = 0, 1
    while True:
        yield current
        current = following
        following = current + following
