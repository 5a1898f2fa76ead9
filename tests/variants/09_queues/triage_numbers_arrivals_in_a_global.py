"""Mistake: numbers the arrivals with a module global, set to 0 when triage starts and again when
it ends, so two triage calls at once break each other's ties between equal priorities."""

import asyncio
import itertools

FAILS = {4}
BREAKS = "shared-state"

_arrived = 0


async def triage(arrivals, handle):
    global _arrived
    _arrived = 0
    queue = asyncio.PriorityQueue()
    handled = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def arrive():
        global _arrived
        for at, together in itertools.groupby(arrivals, key=lambda arrival: arrival[0]):
            await asyncio.sleep(max(0.0, start + at - loop.time()))
            for _at, priority, job in together:
                _arrived += 1
                queue.put_nowait((priority, _arrived, job))

    async def worker():
        while True:
            _, _, job = await queue.get()
            try:
                handled.append(await handle(job))
            finally:
                queue.task_done()

    helper = asyncio.create_task(worker())
    try:
        await arrive()
        await queue.join()
    finally:
        helper.cancel()
        await asyncio.gather(helper, return_exceptions=True)
        _arrived = 0
    return handled
