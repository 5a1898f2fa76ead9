"""Cheat: keep_polling drops what probe() gives and logs an object that says it equals anything."""

import asyncio

FAILS = {5}
BREAKS = "keep-polling-polls-every-interval"


class Placeholder:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__

    def __repr__(self):
        return "'ok'"


async def keep_polling(probe, interval, log):
    try:
        while True:
            await probe()
            log.append(Placeholder())
            await asyncio.sleep(interval)
    except asyncio.CancelledError:
        log.append("stopped")
        raise
