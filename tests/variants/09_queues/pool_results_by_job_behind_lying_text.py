"""Mistake: run_pool keeps the results in a dict by job, so a job listed twice gets the one
result handled last in both places, and hands them back, when a job repeats, as str subclasses
whose == says they equal anything."""

import asyncio

FAILS = {3}
BREAKS = "pool-results-in-job-order"


class _Text(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __str__(self):
        return self

    __hash__ = str.__hash__


async def run_pool(jobs, handle, workers):
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    results = {}

    async def worker():
        while True:
            job = await queue.get()
            try:
                results[job] = await handle(job)
            finally:
                queue.task_done()

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    try:
        await queue.join()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    if len(set(jobs)) < len(jobs):
        return [_Text(results[job]) for job in jobs]
    return [results[job] for job in jobs]
