"""Countdown waits with time.sleep, which freezes the event loop."""

import time

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
        time.sleep(self.interval / 100)
        self.next_number -= 1
        return self.next_number + 1
