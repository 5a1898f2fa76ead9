"""Mistake: countdown goes down to 0 instead of stopping after 1."""

FAILS = {1}
BREAKS = "countdown-yields-n-to-1"


def countdown(n):
    while n >= 0:
        yield n
        n -= 1
