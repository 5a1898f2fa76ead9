"""Mistake: worker turns a falsy result of handle ('' or 0) into None."""

FAILS = {2}
BREAKS = "worker-returns-handle-result"


async def worker(name, ready, handle):
    await ready.wait()
    return (await handle(name)) or None
