"""Mistake: countdown starts at most at 100, a cap the task does not give."""

FAILS = {1}
BREAKS = "countdown-yields-n-to-1"


def countdown(n):
    yield from range(min(n, 100), 0, -1)
