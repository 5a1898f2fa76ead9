"""Mistake: running_total returns an iterator, but over a list it built in advance."""

FAILS = {6}
BREAKS = "running-total-is-lazy"


def running_total(numbers):
    result, total = [], 0
    for number in numbers:
        total += number
        result.append(total)
    return iter(result)
