"""triage puts (priority, job) on the PriorityQueue: equal priorities compare the jobs."""

import asyncio

FAILS = {4}
BREAKS = "triage-never-compares-jobs"


async def triage(arrivals, handle):
    queue = asyncio.PriorityQueue()
    handled = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def worker():
        while True:
            _, job = await queue.get()
            handled.append(await handle(job))
            queue.task_done()

    helper = asyncio.create_task(worker())
    try:
        for at, priority, job in arrivals:
            await asyncio.sleep(max(0.0, start + at - loop.time()))
            queue.put_nowait((priority, job))
        await queue.join()
    finally:
        helper.cancel()
        await asyncio.gather(helper, return_exceptions=True)
    return handled
