"""keep_alive catches CancelledError and returns normally: the cancellation is swallowed."""

FAILS = {1}
BREAKS = "keep-alive-until-cancelled"


async def keep_alive(beat, interval):
    try:
        while True:
            beat()
            await asyncio.sleep(interval)
    except asyncio.CancelledError:
        return
