"""A correct alternative: a current loop set and unset, call_later aimed at the grid, a future."""


def run_once(coro):
    # Made current for old code that calls get_event_loop(), and unset before returning.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(coro)
    finally:
        asyncio.set_event_loop(None)
        loop.close()


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
    if beats == 0:
        return
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
