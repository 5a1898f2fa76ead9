"""Mistake: each download starts 0.1 s after the previous one "to spread the load"."""

import asyncio

FAILS = {3}
BREAKS = "race-at-once"


async def first_response(mirrors, download):
    tasks = []
    try:
        for mirror in mirrors:
            if tasks:
                await asyncio.sleep(0.1)
            tasks.append(asyncio.create_task(download(mirror)))
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        return done.pop().result()
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
