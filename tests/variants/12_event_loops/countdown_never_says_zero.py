"""Mistake: the countdown stops after saying 1: 0 is never said."""

import asyncio

FAILS = {2}
BREAKS = "countdown-on-time"


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()

    def tick(number):
        say(number)
        if number <= 1:
            loop.stop()
        else:
            loop.call_later(interval, tick, number - 1)

    try:
        loop.call_soon(tick, start)
        loop.run_forever()
    finally:
        loop.close()
