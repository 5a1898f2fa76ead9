"""Mistake: countdown yields n before checking it, so countdown(0) yields 0."""

FAILS = {1}
BREAKS = "countdown-of-zero-yields-nothing"


def countdown(n):
    yield n
    while n > 1:
        n -= 1
        yield n
