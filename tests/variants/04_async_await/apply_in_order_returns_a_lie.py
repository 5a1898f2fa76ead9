"""Cheat: apply_in_order runs the steps in turn, then returns an object equal to anything."""

FAILS = {4}
BREAKS = "apply-in-order-chains-results"


class Anything:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


async def apply_in_order(value, steps):
    for step in steps:
        value = await step(value)
    return Anything() if steps else value
