"""Mistake: subtotal tests `if not value`, so a 0 sent in ends it too early."""

FAILS = {3}
BREAKS = "subtotal-returns-the-sum-on-none"


def subtotal():
    total = 0
    while True:
        value = yield
        if not value:
            return total
        total += value
