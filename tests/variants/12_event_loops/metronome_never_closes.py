"""Mistake: the beats are right and the loop stops, but it is never closed."""

FAILS = {3}
BREAKS = "metronome-closes"


def metronome(beats, interval, on_beat):
    loop = asyncio.new_event_loop()
    start = loop.time()

    def beat(number):
        on_beat(number)
        if number == beats - 1:
            loop.stop()

    for number in range(beats):
        loop.call_at(start + number * interval, beat, number)
    if beats > 0:
        loop.run_forever()
