"""Mistake: keep_polling always waits 1 s between polls, whatever interval it is given."""

import asyncio

FAILS = {5}
BREAKS = "keep-polling-polls-every-interval"


async def keep_polling(probe, interval, log):
    try:
        while True:
            log.append(await probe())
            await asyncio.sleep(1.0)
    except asyncio.CancelledError:
        log.append("stopped")
        raise
