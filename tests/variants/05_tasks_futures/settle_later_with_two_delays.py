"""Mistake: settle_later waits 0.5 s for any delay under 1 s, right only for 0.5 and 1."""

import asyncio

FAILS = {6}
BREAKS = "settle-later-sets-the-result"


def settle_later(delay, value=None, error=None):
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle():
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value)

    loop.call_later(0.5 if delay < 1 else 1.0, settle)
    return future
