"""Mistake: each Reset delegates to a new resettable_averager(): deeper and deeper."""

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
            yield from resettable_averager()
        total += value
        count += 1
        average = total / count
