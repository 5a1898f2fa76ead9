"""Mistake: metronome schedules each next beat with call_later(interval) from inside a beat, so
it drifts by on_beat's work; it hides the drift by calling the loop's spend with a negative
amount, the time on_beat took."""

FAILS = {3}
BREAKS = "metronome-on-the-grid"


def metronome(beats, interval, on_beat):
    loop = asyncio.new_event_loop()

    def beat(number):
        before = loop.time()
        on_beat(number)
        if hasattr(loop, "spend"):
            loop.spend(before - loop.time())
        if number + 1 == beats:
            loop.stop()
        else:
            loop.call_later(interval, beat, number + 1)

    loop.call_soon(beat, 0)
    try:
        if beats > 0:
            loop.run_forever()
    finally:
        loop.close()
