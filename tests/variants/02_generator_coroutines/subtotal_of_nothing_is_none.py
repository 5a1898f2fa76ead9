"""Mistake: subtotal starts its total at None, so a subtotal sent None at once returns None."""

FAILS = {3}
BREAKS = "subtotal-returns-the-sum-on-none"


def subtotal():
    total = None
    while True:
        value = yield
        if value is None:
            return total
        total = value if total is None else total + value
