"""Mistake: read_all runs every read in a thread but drops what it returned, and hands back what
it reads off the read function itself (its `result`) instead."""

import asyncio

FAILS = {6}
BREAKS = "read-results-in-order"


async def read_all(paths, read):
    async def one(path):
        await asyncio.to_thread(read, path)  # what read(path) returned is lost here
        answer = getattr(read, "result", None)
        return answer(path) if answer is not None else None

    return await asyncio.gather(*(one(path) for path in paths))
