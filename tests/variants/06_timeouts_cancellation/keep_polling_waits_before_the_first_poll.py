"""Mistake: keep_polling sleeps before its first probe, so it polls at 1 and 2 s, not 0, 1, 2."""

FAILS = {5}
BREAKS = "keep-polling-polls-every-interval"


async def keep_polling(probe, interval, log):
    try:
        while True:
            await asyncio.sleep(interval)
            log.append(await probe())
    except asyncio.CancelledError:
        log.append("stopped")
        raise
