"""Mistake: apply_in_order starts its result at None, so with no steps it returns None."""

FAILS = {4}
BREAKS = "apply-in-order-chains-results"


async def apply_in_order(value, steps):
    result = None
    current = value
    for step in steps:
        result = await step(current)
        current = result
    return result
