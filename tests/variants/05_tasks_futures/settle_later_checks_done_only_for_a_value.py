"""Mistake: settle_later checks whether the future is done before setting a value, not before
setting an error: an error due after the future was cancelled raises InvalidStateError."""

import asyncio

FAILS = {6}
BREAKS = "settle-later-leaves-a-cancelled-future-alone"


def settle_later(delay, value=None, error=None):
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle():
        if error is not None:
            future.set_exception(error)
        elif not future.done():
            future.set_result(value)

    loop.call_later(delay, settle)
    return future
