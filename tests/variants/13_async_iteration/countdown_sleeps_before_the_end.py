"""Countdown sleeps before checking for the end, so it waits once more after the last number."""

import asyncio

FAILS = {2}
BREAKS = "countdown-ends-at-once"


class Countdown:
    def __init__(self, start, interval):
        self.next_number = start
        self.interval = interval

    def __aiter__(self):
        return self

    async def __anext__(self):
        await asyncio.sleep(self.interval)
        if self.next_number <= 0:
            raise StopAsyncIteration
        self.next_number -= 1
        return self.next_number + 1
