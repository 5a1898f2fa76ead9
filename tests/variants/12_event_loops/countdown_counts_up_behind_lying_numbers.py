"""Mistake: countdown says the numbers counting up (0, 1, 2, 3), each an int subclass whose ==
says it equals anything."""

FAILS = {2}
BREAKS = "countdown-on-time"


class _Number(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()

    def tick(number):
        say(_Number(start - number))
        if number == 0:
            loop.stop()
        else:
            loop.call_later(interval, tick, number - 1)

    try:
        loop.call_soon(tick, start)
        loop.run_forever()
    finally:
        loop.close()
