"""Mistake: countdown counts down in floats (n / 1), so it yields 3.0, 2.0, 1.0, not ints."""

FAILS = {1}
BREAKS = "countdown-yields-n-to-1"


def countdown(n):
    value = n / 1
    while value > 0:
        yield value
        value -= 1
