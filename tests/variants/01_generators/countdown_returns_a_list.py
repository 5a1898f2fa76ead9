"""Mistake: countdown builds a list instead of being a generator."""

FAILS = {1}
BREAKS = "countdown-is-a-generator-function"


def countdown(n):
    return list(range(n, 0, -1))
