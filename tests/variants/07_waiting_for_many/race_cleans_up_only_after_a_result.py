"""Mistake: first_response reads the winner's result before its cleanup, not in a finally: a
failed first download's error leaves the other downloads running."""

import asyncio

FAILS = {3}
BREAKS = "race-failure-stops-the-others"


async def stop(tasks):
    for running in tasks:
        running.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        await stop(tasks)
        raise
    result = done.pop().result()
    await stop(pending)
    return result
