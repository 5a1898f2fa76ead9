"""Countdown's __aiter__ returns self but rewinds it: a second async for counts again."""

import asyncio

FAILS = {2}
BREAKS = "countdown-stop-async-iteration"


class Countdown:
    def __init__(self, start, interval):
        self.start = start
        self.next_number = start
        self.interval = interval

    def __aiter__(self):
        self.next_number = self.start
        return self

    async def __anext__(self):
        if self.next_number <= 0:
            raise StopAsyncIteration
        await asyncio.sleep(self.interval)
        number = self.next_number
        self.next_number -= 1
        return number
