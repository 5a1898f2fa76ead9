"""Mistake: running_total yields the total before adding the number: 0, 5, 6 for [5, 1, 2]."""

FAILS = {6}
BREAKS = "running-total-values"


def running_total(numbers):
    total = 0
    for number in numbers:
        yield total
        total += number
