"""Mistake: averager divides with //, so it yields the int 15 where the average is 15.0."""

FAILS = {1}
BREAKS = "averager-yields-the-running-average"


def averager():
    total = count = 0
    average = None
    while True:
        value = yield average
        total += value
        count += 1
        average = total // count
