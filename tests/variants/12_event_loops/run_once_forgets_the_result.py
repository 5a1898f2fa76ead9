"""Mistake: the coroutine runs to its end, but its result is not returned."""

FAILS = {1}
BREAKS = "run-once-returns-the-result"


def run_once(coro):
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(coro)
    finally:
        loop.close()
