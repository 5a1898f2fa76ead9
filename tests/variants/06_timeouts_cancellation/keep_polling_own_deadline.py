"""Mistake: keep_polling gives up after an hour (asyncio.timeout), though only a cancel ends it."""

FAILS = {5}
BREAKS = "keep-polling-polls-every-interval"


async def keep_polling(probe, interval, log):
    try:
        async with asyncio.timeout(3600):
            while True:
                log.append(await probe())
                await asyncio.sleep(interval)
    except asyncio.CancelledError:
        log.append("stopped")
        raise
