"""Mistake: Countdown counts down from at most 100, a cap the statement never sets."""

FAILS = {2}
BREAKS = "countdown-numbers-an-interval-apart"


class Countdown(Countdown):
    def __init__(self, start, interval):
        super().__init__(min(start, 100), interval)
