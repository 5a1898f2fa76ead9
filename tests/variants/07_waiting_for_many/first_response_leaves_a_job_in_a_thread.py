"""Mistake: first_response stops the losers, but hands a thread a job (writing down which
mirror won) that is still running when it returns."""

import asyncio
import time

FAILS = {3}
BREAKS = "race-losers-stopped"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        return done.pop().result()
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

        def write_down():
            time.sleep(0.5)

        asyncio.get_running_loop().run_in_executor(None, write_down)
