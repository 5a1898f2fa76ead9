"""Mistake: apply_in_order calls each step without await, so it returns a coroutine object."""

FAILS = {4}
BREAKS = "apply-in-order-chains-results"


async def apply_in_order(value, steps):
    for step in steps:
        value = step(value)
    return value
