"""Mistake: averager receives with one yield and answers with another, so they take turns."""

FAILS = {1}
BREAKS = "averager-yields-the-running-average"


def averager():
    total = count = 0
    while True:
        value = yield
        total += value
        count += 1
        yield total / count
