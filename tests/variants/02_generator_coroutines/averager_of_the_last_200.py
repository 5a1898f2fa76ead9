"""Mistake: averager averages only the last 200 numbers sent (a deque with maxlen=200)."""

FAILS = {1}
BREAKS = "averager-yields-the-running-average"


def averager():
    import collections

    window = collections.deque(maxlen=200)
    average = None
    while True:
        value = yield average
        window.append(value)
        average = sum(window) / len(window)
