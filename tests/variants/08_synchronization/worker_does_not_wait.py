"""worker handles at once, without waiting for the event."""

FAILS = {2}
BREAKS = "worker-waits-for-the-event"


async def worker(name, ready, handle):
    return await handle(name)
