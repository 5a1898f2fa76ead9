"""Mistake: settle_later sets the exception whenever value is None, so the default None fails."""

FAILS = {6}
BREAKS = "settle-later-sets-the-result"


def settle_later(delay, value=None, error=None):
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle():
        if future.done():
            return
        if value is not None:
            future.set_result(value)
        else:
            future.set_exception(error)

    loop.call_later(delay, settle)
    return future
