"""Mistake: settle_later tests the value's truth, so a falsy value such as 0 becomes None."""

import asyncio

FAILS = {6}
BREAKS = "settle-later-sets-the-result"


def settle_later(delay, value=None, error=None):
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle():
        if future.done():
            return
        if value:
            future.set_result(value)
        elif error is not None:
            future.set_exception(error)
        else:
            future.set_result(None)

    loop.call_later(delay, settle)
    return future
