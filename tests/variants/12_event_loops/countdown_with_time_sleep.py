"""Waits with time.sleep inside the callback: it freezes the loop instead of a timer."""

import time


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()

    def run():
        for number in range(start, -1, -1):
            say(number)
            if number:
                time.sleep(interval)
        loop.stop()

    loop.call_soon(run)
    try:
        loop.run_forever()
    finally:
        loop.close()


FAILS = {2}
BREAKS = "countdown-on-time"
