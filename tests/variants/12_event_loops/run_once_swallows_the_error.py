"""Closes the loop, but catches the coroutine's exception and returns None."""


def run_once(coro):
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    except Exception:
        return None
    finally:
        loop.close()


FAILS = {1}
BREAKS = "run-once-error-propagates"
