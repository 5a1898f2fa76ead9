"""Mistake: resettable_averager yields 0 on priming and after a reset, not None."""

FAILS = {5}
BREAKS = "resettable-averages-like-averager"


def resettable_averager():
    total = count = 0
    average = None
    while True:
        try:
            value = yield average if count else 0
        except Reset:
            total = count = 0
            continue
        total += value
        count += 1
        average = total / count
