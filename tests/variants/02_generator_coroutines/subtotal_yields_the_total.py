"""Mistake: subtotal yields its total on None instead of returning it."""

FAILS = {3}
BREAKS = "subtotal-returns-the-sum-on-none"


def subtotal():
    total = 0
    while True:
        value = yield
        if value is None:
            yield total
        else:
            total += value
