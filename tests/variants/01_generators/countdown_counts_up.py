"""Mistake: countdown walks range(1, n + 1), so it counts up instead of down."""

FAILS = {1}
BREAKS = "countdown-yields-n-to-1"


def countdown(n):
    yield from range(1, n + 1)
