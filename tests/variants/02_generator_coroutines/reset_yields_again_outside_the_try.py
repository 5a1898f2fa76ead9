"""Mistake: after a Reset the averager waits at a yield outside the try: a second Reset escapes."""

FAILS = {5}
BREAKS = "reset-starts-over"


def resettable_averager():
    total = count = 0
    average = None
    while True:
        try:
            value = yield average
        except Reset:
            total = count = 0
            average = None
            value = yield None
        total += value
        count += 1
        average = total / count
