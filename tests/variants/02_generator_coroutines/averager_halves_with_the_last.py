"""Mistake: averager averages each number with the previous average, not with all numbers."""

FAILS = {1}
BREAKS = "averager-yields-the-running-average"


def averager():
    average = None
    while True:
        value = yield average
        average = float(value) if average is None else (average + value) / 2
