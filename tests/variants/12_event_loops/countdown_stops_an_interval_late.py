"""Mistake: after saying 0 it waits one more interval before stopping the loop."""

FAILS = {2}
BREAKS = "countdown-stops-at-zero"


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()

    def tick(number):
        say(number)
        if number == 0:
            loop.call_later(interval, loop.stop)
        else:
            loop.call_later(interval, tick, number - 1)

    try:
        loop.call_soon(tick, start)
        loop.run_forever()
    finally:
        loop.close()
