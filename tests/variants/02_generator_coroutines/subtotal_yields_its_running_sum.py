"""Mistake: subtotal yields its running sum at every step, where it should yield None."""

FAILS = {3}
BREAKS = "subtotal-yields-none"


def subtotal():
    total = 0
    while True:
        value = yield total
        if value is None:
            return total
        total += value
