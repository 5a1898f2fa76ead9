"""Mistake: keep_polling catches the cancellation only around its sleep, so a cancel that
comes while probe() runs ends it without 'stopped'."""

import asyncio

FAILS = {5}
BREAKS = "keep-polling-logs-stopped"


async def keep_polling(probe, interval, log):
    while True:
        log.append(await probe())
        try:
            await asyncio.sleep(interval)
        except asyncio.CancelledError:
            log.append("stopped")
            raise
