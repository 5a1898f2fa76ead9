"""Mistake: Countdown's __anext__ sleeps until a schedule fixed at the start (start + k *
interval), so a consumer that takes its time between numbers gets the next one early."""

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
        if self.next_number <= 0:
            raise StopAsyncIteration
        loop = asyncio.get_running_loop()
        if not hasattr(self, "_due"):
            self._due = loop.time()
        self._due += self.interval
        await asyncio.sleep(max(0.0, self._due - loop.time()))
        number = self.next_number
        self.next_number -= 1
        return number
