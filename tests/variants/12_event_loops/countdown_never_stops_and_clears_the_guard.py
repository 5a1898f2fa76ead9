"""Mistake: countdown never calls loop.stop(), so the grader's guard stops the loop; then it
sets the loop's guard_fired back to False and its stopped_at to the time of the last say."""

FAILS = {2}
BREAKS = "countdown-stops-at-zero"


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()
    said = []

    def tick(number):
        say(number)
        said.append(loop.time())
        if number > 0:
            loop.call_later(interval, tick, number - 1)

    loop.call_soon(tick, start)
    try:
        loop.run_forever()
        if hasattr(loop, "guard_fired"):
            loop.guard_fired = False
            loop.stopped_at = said[-1]
    finally:
        loop.close()
