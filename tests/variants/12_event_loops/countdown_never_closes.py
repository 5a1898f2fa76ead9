"""Stops the loop from the last callback but never closes it."""


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()

    def tick(number):
        say(number)
        if number == 0:
            loop.stop()
        else:
            loop.call_later(interval, tick, number - 1)

    loop.call_soon(tick, start)
    loop.run_forever()


FAILS = {2}
BREAKS = "countdown-closes"
