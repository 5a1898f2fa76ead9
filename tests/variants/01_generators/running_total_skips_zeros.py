"""Mistake: running_total skips the numbers that are 0 (`if number:`), giving no total for them."""

FAILS = {6}
BREAKS = "running-total-values"


def running_total(numbers):
    total = 0
    for number in numbers:
        if number:
            total += number
            yield total
