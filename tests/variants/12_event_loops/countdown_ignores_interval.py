"""Mistake: countdown always waits 0.25 s between numbers, whatever ``interval`` it is given."""

FAILS = {2}
BREAKS = "countdown-on-time"


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()

    def tick(number):
        say(number)
        if number == 0:
            loop.stop()
        else:
            loop.call_later(0.25, tick, number - 1)

    try:
        loop.call_soon(tick, start)
        loop.run_forever()
    finally:
        loop.close()
