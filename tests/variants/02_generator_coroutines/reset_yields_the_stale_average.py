"""Mistake: on Reset, resettable_averager clears its numbers but yields the old average again."""

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
            total, count = 0, 0
            continue
        total += value
        count += 1
        average = total / count
