"""Mistake: asyncio.wait without return_when waits for every download (ALL_COMPLETED)."""

import asyncio

FAILS = {3}
BREAKS = "race-losers-stopped"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    done, _pending = await asyncio.wait(tasks)
    return done.pop().result()
