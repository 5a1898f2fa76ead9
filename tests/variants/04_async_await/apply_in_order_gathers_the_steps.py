"""Mistake: apply_in_order runs every step at once, each on the result of a lone first run."""

FAILS = {4}
BREAKS = "apply-in-order-one-after-another"


async def apply_in_order(value, steps):
    if not steps:
        return value
    await asyncio.gather(*(step(value) for step in steps))
    for step in steps:
        value = await step(value)
    return value
