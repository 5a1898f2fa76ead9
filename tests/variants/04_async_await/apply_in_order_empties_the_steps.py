"""Mistake: apply_in_order pops each step off the caller's list, which is empty afterwards."""

FAILS = {4}
BREAKS = "apply-in-order-leaves-steps-alone"


async def apply_in_order(value, steps):
    while steps:
        step = steps.pop(0)
        value = await step(value)
    return value
