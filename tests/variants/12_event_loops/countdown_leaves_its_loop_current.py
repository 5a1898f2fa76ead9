"""Mistake: countdown makes its loop current and closes it without set_event_loop(None)."""


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def tick(number):
        say(number)
        if number == 0:
            loop.stop()
        else:
            loop.call_later(interval, tick, number - 1)

    try:
        loop.call_soon(tick, start)
        loop.run_forever()
    finally:
        loop.close()


FAILS = {2}
BREAKS = "countdown-thread-as-found"
