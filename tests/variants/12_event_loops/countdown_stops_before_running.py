"""Calls loop.stop() before run_forever(), so the loop runs one turn and returns."""


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()

    def tick(number):
        say(number)
        if number > 0:
            loop.call_later(interval, tick, number - 1)

    loop.call_soon(tick, start)
    loop.stop()
    try:
        loop.run_forever()
    finally:
        loop.close()


FAILS = {2}
BREAKS = "countdown-on-time"
