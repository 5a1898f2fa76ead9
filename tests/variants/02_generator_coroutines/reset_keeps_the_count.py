"""Mistake: on Reset, resettable_averager forgets the total but not the count of numbers."""

FAILS = {5}
BREAKS = "reset-starts-over"


def resettable_averager():
    total = 0
    count = 0
    average = None
    while True:
        try:
            value = yield average
        except Reset:
            total, average = 0, None
            continue
        total += value
        count += 1
        average = total / count
