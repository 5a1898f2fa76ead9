"""Countdown.__anext__ ends with StopIteration instead of StopAsyncIteration."""

import asyncio

FAILS = {2}
BREAKS = "countdown-stop-async-iteration"


class Countdown:
    def __init__(self, start, interval):
        self.next_number = start
        self.interval = interval

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.next_number <= 0:
            raise StopIteration
        await asyncio.sleep(self.interval)
        self.next_number -= 1
        return self.next_number + 1
