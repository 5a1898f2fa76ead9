"""settle_later returns a task that sleeps, instead of a Future set by a callback."""

import asyncio

FAILS = {6}
BREAKS = "settle-later-returns-a-pending-future"


def settle_later(delay, value=None, error=None):
    async def later():
        await asyncio.sleep(delay)
        if error is not None:
            raise error
        return value

    return asyncio.ensure_future(later())
