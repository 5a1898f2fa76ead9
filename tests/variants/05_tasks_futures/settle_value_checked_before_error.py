"""Mistake: settle_later looks at value first, so a value given beside an error wins over it."""

import asyncio

FAILS = {6}
BREAKS = "settle-later-sets-the-exception"


def settle_later(delay, value=None, error=None):
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle():
        if future.done():
            return
        if value is not None:
            future.set_result(value)
        elif error is not None:
            future.set_exception(error)
        else:
            future.set_result(None)

    loop.call_later(delay, settle)
    return future
