"""metronome runs its loop even with 0 beats: no last beat ever stops it."""

import asyncio

FAILS = {3}
BREAKS = "metronome-no-beats-returns"


def metronome(beats, interval, on_beat):
    loop = asyncio.new_event_loop()
    try:
        start = loop.time()

        def beat(number):
            on_beat(number)
            if number == beats - 1:
                loop.stop()

        for number in range(beats):
            loop.call_at(start + number * interval, beat, number)
        loop.run_forever()
    finally:
        loop.close()
