"""Mistake: the consumer of pipeline appends the results to one namespace in a dict that a
closure holds, a new list put there when a call starts, so two pipelines at once both append to
the list of the one that started last and each returns the other's results too."""

import asyncio
import types

FAILS = {2}
BREAKS = "shared-state"


def _pipeline_on_one_namespace():
    hidden = {"shared": types.SimpleNamespace(results=[])}

    async def pipeline(items, fetch, handle, maxsize):
        shared = hidden["shared"]
        queue = asyncio.Queue(maxsize=maxsize)
        done = object()
        shared.results = []

        async def produce():
            for item in items:
                await queue.put(await fetch(item))
            await queue.put(done)

        async def consume_all():
            while (data := await queue.get()) is not done:
                shared.results.append(await handle(data))

        async with asyncio.TaskGroup() as group:
            group.create_task(produce())
            group.create_task(consume_all())
        return list(shared.results)

    return pipeline


pipeline = _pipeline_on_one_namespace()
