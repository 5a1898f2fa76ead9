"""Correct in another style: as_completed picks the winner; a finally cancels and waits."""

import asyncio

FAILS = set()


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        for next_done in asyncio.as_completed(tasks):
            return await next_done
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.wait(tasks)
