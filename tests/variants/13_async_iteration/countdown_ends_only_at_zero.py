"""Mistake: Countdown ends only when the number is == 0, so a negative start counts on forever."""

import asyncio

FAILS = {2}
BREAKS = "countdown-negative-start-ends-at-once"


class Countdown:
    def __init__(self, start, interval):
        self.next_number = start
        self.interval = interval

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.next_number == 0:
            raise StopAsyncIteration
        await asyncio.sleep(self.interval)
        number = self.next_number
        self.next_number -= 1
        return number
