"""A correct alternative: call_later aimed at the grid, a future for the countdown's end."""


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()

    def tick(number):
        say(number)
        if number > 0:
            loop.call_later(interval, tick, number - 1)
        else:
            loop.call_soon(loop.stop)

    loop.call_soon(tick, start)
    try:
        loop.run_forever()
    finally:
        loop.close()


def metronome(beats, interval, on_beat):
    loop = asyncio.new_event_loop()
    try:
        start = loop.time()
        done = loop.create_future()

        def beat(number):
            on_beat(number)
            if number + 1 == beats:
                done.set_result(None)
            else:
                delay = start + (number + 1) * interval - loop.time()
                loop.call_later(delay, beat, number + 1)

        loop.call_soon(beat, 0)
        loop.run_until_complete(done)
    finally:
        loop.close()


def run_report(make_report):
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(make_report())
    finally:
        loop.close()


FAILS = set()
