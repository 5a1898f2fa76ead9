"""Mistake: metronome makes its loop current and closes it without set_event_loop(None)."""


def metronome(beats, interval, on_beat):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        start = loop.time()

        def beat(number):
            on_beat(number)
            if number == beats - 1:
                loop.stop()

        for number in range(beats):
            loop.call_at(start + number * interval, beat, number)
        if beats > 0:
            loop.run_forever()
    finally:
        loop.close()


FAILS = {3}
BREAKS = "metronome-thread-as-found"
