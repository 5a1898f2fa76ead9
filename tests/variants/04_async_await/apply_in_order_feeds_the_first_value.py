"""Mistake: apply_in_order gives every step the original value, not the previous step's result."""

FAILS = {4}
BREAKS = "apply-in-order-chains-results"


async def apply_in_order(value, steps):
    result = value
    for step in steps:
        result = await step(value)
    return result
