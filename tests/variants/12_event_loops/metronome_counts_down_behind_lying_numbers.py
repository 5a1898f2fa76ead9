"""Mistake: metronome calls on_beat with the beat numbers counting down (3, 2, 1, 0), each an
int subclass whose == says it equals anything."""

FAILS = {3}
BREAKS = "metronome-on-the-grid"


class _Number(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


def metronome(beats, interval, on_beat):
    loop = asyncio.new_event_loop()
    try:
        start = loop.time()

        def beat(number):
            on_beat(_Number(beats - 1 - number))
            if number == beats - 1:
                loop.stop()

        for number in range(beats):
            loop.call_at(start + number * interval, beat, number)
        if beats > 0:
            loop.run_forever()
    finally:
        loop.close()
