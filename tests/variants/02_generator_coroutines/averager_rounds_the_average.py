"""Mistake: averager rounds each average to two places, so 10, 20, 0 gives 10.0 not 10/3."""

FAILS = {1}
BREAKS = "averager-yields-the-running-average"


def averager():
    total = 0
    count = 0
    average = None
    while True:
        value = yield average
        total += value
        count += 1
        average = round(total / count, 2)
