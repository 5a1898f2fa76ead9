"""Mistake: start is read in the first beat, after on_beat(0) has done its work.

Every later beat is on a grid shifted by the length of on_beat(0).
"""

import asyncio

FAILS = {3}
BREAKS = "metronome-on-the-grid"


def metronome(beats, interval, on_beat):
    loop = asyncio.new_event_loop()

    def beat(number):
        on_beat(number)
        if number == beats - 1:
            loop.stop()

    def first():
        beat(0)
        start = loop.time()
        for number in range(1, beats):
            loop.call_at(start + number * interval, beat, number)

    try:
        if beats > 0:
            loop.call_soon(first)
            loop.run_forever()
    finally:
        loop.close()
