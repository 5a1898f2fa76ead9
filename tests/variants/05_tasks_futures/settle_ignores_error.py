"""Mistake: settle_later always sets the result, even when an error is given."""

FAILS = {6}
BREAKS = "settle-later-sets-the-exception"


def settle_later(delay, value=None, error=None):
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle():
        if not future.done():
            future.set_result(value)

    loop.call_later(delay, settle)
    return future
