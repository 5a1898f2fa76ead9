"""Gives call_at times from time.monotonic(), which is not the loop's clock."""

import time


def metronome(beats, interval, on_beat):
    loop = asyncio.new_event_loop()
    start = time.monotonic() + 5000.0

    def beat(number):
        on_beat(number)
        if number + 1 == beats:
            loop.stop()

    loop.call_soon(beat, 0)
    for number in range(1, beats):
        loop.call_at(start + number * interval, beat, number)
    try:
        loop.run_forever()
    finally:
        loop.close()


FAILS = {3}
BREAKS = "metronome-on-the-grid"
