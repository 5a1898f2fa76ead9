"""Mistake: the reads are kept in a dict keyed by path.

A path listed twice is read once and appears once: the list is shorter than paths.
"""

import asyncio

FAILS = {6}
BREAKS = "read-results-in-order"


async def read_all(paths, read):
    tasks = {path: asyncio.create_task(asyncio.to_thread(read, path)) for path in paths}
    await asyncio.gather(*tasks.values())
    return [task.result() for task in tasks.values()]
