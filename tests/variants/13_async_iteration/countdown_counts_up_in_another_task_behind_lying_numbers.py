"""Mistake: a Countdown read from another task than the one that made it counts up (1, 2, 3)
instead of down, and hands those numbers out as an int subclass whose == says it equals
anything."""

import asyncio

FAILS = {2}
BREAKS = "countdown-numbers-an-interval-apart"


class _Number(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


class Countdown(Countdown):
    def __init__(self, start, interval):
        super().__init__(start, interval)
        self.maker = asyncio.current_task()
        self.start = start

    async def __anext__(self):
        number = await super().__anext__()
        if asyncio.current_task() is self.maker:
            return number
        return _Number(self.start + 1 - number)
