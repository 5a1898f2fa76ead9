"""Mistake: Reset is caught outside the loop, so the generator ends instead of starting over."""

FAILS = {5}
BREAKS = "reset-starts-over"


def resettable_averager():
    total = count = 0
    average = None
    try:
        while True:
            value = yield average
            total += value
            count += 1
            average = total / count
    except Reset:
        return
