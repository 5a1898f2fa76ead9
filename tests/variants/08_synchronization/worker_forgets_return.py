"""Mistake: worker awaits handle(name) but does not return its result."""

FAILS = {2}
BREAKS = "worker-returns-handle-result"


async def worker(name, ready, handle):
    await ready.wait()
    await handle(name)
