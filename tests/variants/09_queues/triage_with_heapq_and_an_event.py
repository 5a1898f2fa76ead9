"""Mistake: triage keeps the waiting jobs on a heapq list woken by an asyncio.Event instead of
the asyncio.PriorityQueue the statement asks for (the order and the timing are right)."""

import heapq

FAILS = {4}
BREAKS = "triage-priority-queue"


async def triage(arrivals, handle):
    loop = asyncio.get_running_loop()
    start = loop.time()
    waiting, handled = [], []
    arrived = asyncio.Event()

    async def arrive():
        for number, (at, priority, job) in enumerate(arrivals):
            delay = start + at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            heapq.heappush(waiting, (priority, number, job))
            arrived.set()

    arriving = asyncio.create_task(arrive())
    try:
        for _ in arrivals:
            while not waiting:
                arrived.clear()
                await arrived.wait()
            _priority, _number, job = heapq.heappop(waiting)
            handled.append(await handle(job))
    finally:
        await arriving
    return handled
