"""triage with a plain FIFO Queue: jobs are handled in arrival order, priorities ignored."""

import asyncio

FAILS = {4}
BREAKS = "triage-most-urgent-first"


async def triage(arrivals, handle):
    queue = asyncio.Queue()
    handled = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def worker():
        while True:
            job = await queue.get()
            handled.append(await handle(job))
            queue.task_done()

    helper = asyncio.create_task(worker())
    for at, _priority, job in arrivals:
        await asyncio.sleep(max(0.0, start + at - loop.time()))
        queue.put_nowait(job)
    await queue.join()
    helper.cancel()
    await asyncio.gather(helper, return_exceptions=True)
    return handled
