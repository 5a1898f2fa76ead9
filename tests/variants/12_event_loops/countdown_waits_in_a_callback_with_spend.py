"""Mistake: countdown says every number from one callback, waiting between them with the loop's
spend instead of a timer: the loop is frozen while it counts."""

FAILS = {2}
BREAKS = "countdown-on-time"


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()

    def run():
        for number in range(start, -1, -1):
            say(number)
            if number and hasattr(loop, "spend"):
                loop.spend(interval)
        loop.stop()

    loop.call_soon(run)
    try:
        loop.run_forever()
    finally:
        loop.close()
