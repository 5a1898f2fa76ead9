"""Mistake: the loop is stopped one interval after the last beat, not with it."""

FAILS = {3}
BREAKS = "metronome-stops-after-the-last-beat"


def metronome(beats, interval, on_beat):
    loop = asyncio.new_event_loop()
    try:
        start = loop.time()
        for number in range(beats):
            loop.call_at(start + number * interval, on_beat, number)
        loop.call_at(start + beats * interval, loop.stop)
        loop.run_forever()
    finally:
        loop.close()
