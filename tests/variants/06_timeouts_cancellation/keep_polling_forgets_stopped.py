"""Mistake: keep_polling lets the cancellation end it, but never logs 'stopped'."""

FAILS = {5}
BREAKS = "keep-polling-logs-stopped"


async def keep_polling(probe, interval, log):
    while True:
        log.append(await probe())
        await asyncio.sleep(interval)
