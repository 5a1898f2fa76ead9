"""Mistake: running_total yields the starting total 0 before any number, even for no input."""

FAILS = {6}
BREAKS = "running-total-values"


def running_total(numbers):
    total = 0
    yield total
    for number in numbers:
        total += number
        yield total
