"""Gives call_at times counted from 0, but the loop's clock does not start at 0."""


def metronome(beats, interval, on_beat):
    loop = asyncio.new_event_loop()

    def beat(number):
        on_beat(number)
        if number + 1 == beats:
            loop.stop()

    for number in range(beats):
        loop.call_at(number * interval, beat, number)
    try:
        loop.run_forever()
    finally:
        loop.close()


FAILS = {3}
BREAKS = "metronome-on-the-grid"
