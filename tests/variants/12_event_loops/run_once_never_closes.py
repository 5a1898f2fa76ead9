"""Runs the coroutine on a new loop but never closes it."""


def run_once(coro):
    loop = asyncio.new_event_loop()
    return loop.run_until_complete(coro)


FAILS = {1}
BREAKS = "run-once-closes"
