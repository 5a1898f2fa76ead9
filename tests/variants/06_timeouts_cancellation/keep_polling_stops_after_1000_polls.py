"""Mistake: keep_polling stops by itself after 1000 polls: it ends done, though nobody
cancelled it."""

import asyncio

FAILS = {5}
BREAKS = "keep-polling-polls-every-interval"


async def keep_polling(probe, interval, log):
    try:
        for _ in range(1000):
            log.append(await probe())
            await asyncio.sleep(interval)
    except asyncio.CancelledError:
        log.append("stopped")
        raise
