"""Mistake: countdown loops while n != 0, so a negative n counts down for ever."""

FAILS = {1}
BREAKS = "countdown-of-zero-yields-nothing"


def countdown(n):
    while n != 0:
        yield n
        n -= 1
