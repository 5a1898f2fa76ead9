"""Countdown stops below zero instead of at zero: it gives 3, 2, 1 and then 0."""

import asyncio

FAILS = {2}
BREAKS = "countdown-numbers-an-interval-apart"


class Countdown:
    def __init__(self, start, interval):
        self.next_number = start
        self.interval = interval

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.next_number < 0:
            raise StopAsyncIteration
        await asyncio.sleep(self.interval)
        number = self.next_number
        self.next_number -= 1
        return number
