"""Mistake: subtotal leaves out every number of 10 or more, and hands back its total as an int
subclass whose == says it equals anything."""

FAILS = {3}
BREAKS = "subtotal-returns-the-sum-on-none"


class _Total(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


def subtotal():
    total = 0
    dropped = False
    while True:
        value = yield
        if value is None:
            return _Total(total) if dropped else total
        if value >= 10:
            dropped = True
        else:
            total += value
