"""Mistake: averager yields 0 when primed, as if an average of no numbers were 0."""

FAILS = {1}
BREAKS = "averager-primes-to-none"


def averager():
    total = count = 0
    average = 0
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count
