"""Mistake: run_once returns ``result or None``, so a coroutine's 0 or '' comes back None."""

FAILS = {1}
BREAKS = "run-once-returns-the-result"


def run_once(coro):
    loop = asyncio.new_event_loop()
    try:
        result = loop.run_until_complete(coro)
        return result or None
    finally:
        loop.close()
