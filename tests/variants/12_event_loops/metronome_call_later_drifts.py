"""Schedules each next beat with call_later(interval) from inside a beat: it drifts."""


def metronome(beats, interval, on_beat):
    loop = asyncio.new_event_loop()

    def beat(number):
        on_beat(number)
        if number + 1 == beats:
            loop.stop()
        else:
            loop.call_later(interval, beat, number + 1)

    loop.call_soon(beat, 0)
    try:
        loop.run_forever()
    finally:
        loop.close()


FAILS = {3}
BREAKS = "metronome-on-the-grid"
