"""Mistake: keep_polling appends probe() without await: coroutine objects instead of readings."""

FAILS = {5}
BREAKS = "keep-polling-polls-every-interval"


async def keep_polling(probe, interval, log):
    try:
        while True:
            log.append(probe())
            await asyncio.sleep(interval)
    except asyncio.CancelledError:
        log.append("stopped")
        raise
