"""Mistake: keep_polling logs "stopped" in a finally that returns: the cancellation is swallowed."""

FAILS = {5}
BREAKS = "keep-polling-stays-cancelled"


async def keep_polling(probe, interval, log):
    try:
        while True:
            log.append(await probe())
            await asyncio.sleep(interval)
    finally:
        log.append("stopped")
        return  # noqa: B012
