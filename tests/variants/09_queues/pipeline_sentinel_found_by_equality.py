"""pipeline ends the stream with the string "DONE" found by ==: data equal to it stops it."""

import asyncio

FAILS = {2}
BREAKS = "pipeline-passes-any-value"


async def pipeline(items, fetch, handle, maxsize):
    queue = asyncio.Queue(maxsize=maxsize)
    results = []

    async def producer():
        for item in items:
            await queue.put(await fetch(item))
        await queue.put("DONE")

    async def consumer():
        while True:
            data = await queue.get()
            if data == "DONE":
                break
            results.append(await handle(data))

    await asyncio.gather(producer(), consumer())
    return results
