"""Mistake: running_total starts from 0.0, so every total of ints comes out a float."""

FAILS = {6}
BREAKS = "running-total-values"


def running_total(numbers):
    total = 0.0
    for number in numbers:
        total += number
        yield total
