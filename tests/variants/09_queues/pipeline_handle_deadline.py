"""Mistake: pipeline gives each handle() 60 s (wait_for), though the statement sets no deadline."""

FAILS = {2}
BREAKS = "pipeline-results-in-item-order"


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)
    results = []
    done = object()

    async def producer():
        for item in items:
            await queue.put(await fetch(item))
        await queue.put(done)

    async def consumer():
        while (value := await queue.get()) is not done:
            results.append(await asyncio.wait_for(handle(value), 60))

    await asyncio.gather(producer(), consumer())
    return results
