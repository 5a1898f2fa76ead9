"""Mistake: averager yields None while the total is 0, so send(0), or 2 then -2, gives None."""

FAILS = {1}
BREAKS = "averager-yields-the-running-average"


def averager():
    total = 0
    count = 0
    average = None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count if total else None
