"""Mistake: keep_polling catches CancelledError and returns, swallowing the cancellation."""

import asyncio

FAILS = {5}
BREAKS = "keep-polling-stays-cancelled"


async def keep_polling(probe, interval, log):
    try:
        while True:
            log.append(await probe())
            await asyncio.sleep(interval)
    except asyncio.CancelledError:
        log.append("stopped")
        return len(log) - 1
