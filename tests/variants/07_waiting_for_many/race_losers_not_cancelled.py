"""Mistake: the winner is returned, the losers are left running with no reference kept."""

import asyncio

FAILS = {3}
BREAKS = "race-losers-stopped"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    return done.pop().result()
