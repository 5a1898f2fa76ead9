"""Mistake: settle_later passes delay to loop.call_at, which takes a time on the loop's clock."""

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

    loop.call_at(delay, settle)
    return future
