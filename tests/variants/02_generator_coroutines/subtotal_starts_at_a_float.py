"""Mistake: subtotal starts its total at 0.0, so the sum of ints comes back as a float."""

FAILS = {3}
BREAKS = "subtotal-returns-the-sum-on-none"


def subtotal():
    total = 0.0
    while True:
        value = yield
        if value is None:
            return total
        total += value
