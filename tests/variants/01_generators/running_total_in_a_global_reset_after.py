"""Mistake: keeps the running total in a module global, set to 0 when a call starts and again
when it ends, so two running_total generators in use at once add into one total."""

FAILS = {6}
BREAKS = "shared-state"

_total = 0


def running_total(numbers):
    global _total
    _total = 0
    try:
        for number in numbers:
            _total += number
            yield _total
    finally:
        _total = 0
