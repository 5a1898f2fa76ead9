"""Mistake: run_all awaits its workers with a plain gather, which, cancelled, raises as soon as
the first worker has reaped its child; run_all then cancels the others again, cutting the
`await process.wait()` of their clean-up short, and ends with a child unreaped."""

import asyncio

FAILS = {4}
BREAKS = "run-all-cancelled-cleans-up"


async def run_all(commands, limit):
    results = [None] * len(commands)
    queue = asyncio.Queue()
    for index, command in enumerate(commands):
        queue.put_nowait((index, command))

    async def worker():
        while not queue.empty():
            index, command = queue.get_nowait()
            results[index] = await output_of(command)

    workers = [asyncio.create_task(worker()) for _ in range(min(limit, len(commands)))]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        for each in workers:
            each.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    return results
