"""Countdown keeps the number left in a class attribute: every Countdown shares one counter."""

import asyncio

FAILS = {2}
BREAKS = "shared-state"


class Countdown:
    current = 0

    def __init__(self, start, interval):
        Countdown.current = start
        self.interval = interval

    def __aiter__(self):
        return self

    async def __anext__(self):
        if Countdown.current <= 0:
            raise StopAsyncIteration
        await asyncio.sleep(self.interval)
        number = Countdown.current
        Countdown.current -= 1
        return number
