"""Mistake: first_response takes a falsy page ('') for no answer and waits for another."""

import asyncio

FAILS = {3}
BREAKS = "race-returns-first"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        pending = set(tasks)
        result = None
        while pending and not result:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            result = done.pop().result()
        return result
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
