"""Mistake: set_event_loop(loop), then close() with no set_event_loop(None): closed and current."""


def run_once(coro):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()


FAILS = {1}
BREAKS = "run-once-thread-as-found"
