"""Mistake: run_once wraps the coroutine in asyncio.wait_for(coro, 30), a deadline the
statement never sets: a coroutine that takes longer ends in TimeoutError."""

FAILS = {1}
BREAKS = "run-once-returns-the-result"


def run_once(coro):
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(asyncio.wait_for(coro, 30))
    finally:
        loop.close()
