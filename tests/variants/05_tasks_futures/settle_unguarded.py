"""settle_later sets the result even when the future was cancelled: InvalidStateError."""

import asyncio

FAILS = {6}
BREAKS = "settle-later-leaves-a-cancelled-future-alone"


def settle_later(delay, value=None, error=None):
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    if error is not None:
        loop.call_later(delay, future.set_exception, error)
    else:
        loop.call_later(delay, future.set_result, value)
    return future
