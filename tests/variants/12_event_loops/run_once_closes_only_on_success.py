"""Closes the loop after a result, but an exception skips the close (no finally)."""


def run_once(coro):
    loop = asyncio.new_event_loop()
    result = loop.run_until_complete(coro)
    loop.close()
    return result


FAILS = {1}
BREAKS = "run-once-closes-on-error"
