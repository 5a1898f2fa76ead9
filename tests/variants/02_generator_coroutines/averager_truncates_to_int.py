"""Mistake: averager adds int(value), so numbers with a fraction are cut down."""

FAILS = {1}
BREAKS = "averager-yields-the-running-average"


def averager():
    total = 0
    count = 0
    average = None
    while True:
        value = yield average
        total += int(value)
        count += 1
        average = total / count
