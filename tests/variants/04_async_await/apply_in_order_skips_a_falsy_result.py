"""Mistake: apply_in_order treats a falsy step result (0, '', None) as no result."""

FAILS = {4}
BREAKS = "apply-in-order-chains-results"


async def apply_in_order(value, steps):
    result = None
    for step in steps:
        result = await step(result or value)
    return result or value
