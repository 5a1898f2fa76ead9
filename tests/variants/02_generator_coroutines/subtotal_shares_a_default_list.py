"""Mistake: subtotal keeps its numbers in a default list, shared by two subtotals open at once."""

FAILS = {3}
BREAKS = "shared-state"


def subtotal(_seen=[]):  # noqa: B006 (the mistake)
    while True:
        value = yield
        if value is None:
            total = sum(_seen)
            _seen.clear()
            return total
        _seen.append(value)
