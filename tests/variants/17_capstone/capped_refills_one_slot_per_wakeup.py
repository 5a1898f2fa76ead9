"""Mistake: fetch_capped keeps a window of tasks with asyncio.wait(FIRST_COMPLETED) but starts
only one new key each time it wakes up, even when several requests ended together."""

import asyncio

FAILS = {3}
BREAKS = "fetch-capped-next-at-once"


async def fetch_capped(address, keys, limit):
    tasks = [None] * len(keys)
    waiting = list(enumerate(keys))
    running = set()

    def start():
        i, key = waiting.pop(0)
        tasks[i] = asyncio.ensure_future(fetch_one(address, key))
        running.add(tasks[i])

    try:
        while waiting and len(running) < limit:
            start()
        while running:
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for t in done:
                t.result()
            if waiting:
                start()  # a slot is free: start the next key
        return [t.result() for t in tasks]
    finally:
        live = [t for t in tasks if t is not None]
        for t in live:
            t.cancel()
        await asyncio.gather(*live, return_exceptions=True)
