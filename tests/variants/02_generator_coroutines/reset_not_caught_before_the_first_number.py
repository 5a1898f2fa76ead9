"""Mistake: the priming yield is outside the try, so a Reset before any number escapes."""

FAILS = {5}
BREAKS = "reset-starts-over"


def resettable_averager():
    total = count = 0
    value = yield None
    while True:
        total += value
        count += 1
        try:
            value = yield total / count
        except Reset:
            total = count = 0
            while True:
                try:
                    value = yield None
                    break
                except Reset:
                    continue
