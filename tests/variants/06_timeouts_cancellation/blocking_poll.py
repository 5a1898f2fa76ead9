"""Mistake: keep_polling waits with time.sleep, which freezes the event loop."""

import asyncio
import time

FAILS = {5}
BREAKS = "keep-polling-polls-every-interval"


async def keep_polling(probe, interval, log):
    try:
        while True:
            log.append(await probe())
            time.sleep(interval)
    except asyncio.CancelledError:
        log.append("stopped")
        raise
