"""Mistake: apply_in_order recurses once per step, so a long list of steps goes past Python's
recursion limit: a loop has no such cap."""

FAILS = {4}
BREAKS = "apply-in-order-chains-results"


async def apply_in_order(value, steps):
    if not steps:
        return value
    return await apply_in_order(await steps[0](value), steps[1:])
