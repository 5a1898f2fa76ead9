"""Says every number on time but never calls loop.stop(): run_forever never returns."""


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()

    def tick(number):
        say(number)
        if number > 0:
            loop.call_later(interval, tick, number - 1)

    loop.call_soon(tick, start)
    try:
        loop.run_forever()
    finally:
        loop.close()


FAILS = {2}
BREAKS = "countdown-stops-at-zero"
