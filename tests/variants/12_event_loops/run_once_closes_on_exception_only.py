"""run_once closes the loop in `except Exception`: a cancelled coroutine leaves it open."""

import asyncio

FAILS = {1}
BREAKS = "run-once-closes-on-error"


def run_once(coro):
    loop = asyncio.new_event_loop()
    try:
        result = loop.run_until_complete(coro)
    except Exception:
        loop.close()
        raise
    loop.close()
    return result
