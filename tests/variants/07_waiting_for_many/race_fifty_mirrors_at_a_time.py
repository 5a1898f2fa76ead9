"""Mistake: first_response downloads from at most 50 mirrors at a time, a cap the statement
never sets: a fast mirror late in the list waits for a free slot."""

import asyncio

FAILS = {3}
BREAKS = "race-at-once"


async def first_response(mirrors, download):
    limit = asyncio.Semaphore(50)

    async def download_one(mirror):
        async with limit:
            return await download(mirror)

    tasks = [asyncio.create_task(download_one(mirror)) for mirror in mirrors]
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        return done.pop().result()
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
