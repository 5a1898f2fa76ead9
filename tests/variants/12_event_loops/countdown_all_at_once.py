"""Schedules every number with call_soon: all are said at once, not one per interval."""


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()
    for number in range(start, -1, -1):
        loop.call_soon(say, number)
    loop.call_soon(loop.stop)
    try:
        loop.run_forever()
    finally:
        loop.close()


FAILS = {2}
BREAKS = "countdown-on-time"
