"""Mistake: resettable_averager catches Exception, so errors other than Reset vanish."""

FAILS = {5}
BREAKS = "other-exceptions-come-out"


def resettable_averager():
    total = count = 0
    average = None
    while True:
        try:
            value = yield average
        except Exception:
            total, count, average = 0, 0, None
            continue
        total += value
        count += 1
        average = total / count
