"""Mistake: first_response skips a failed download and waits for the first that succeeds."""

import asyncio

FAILS = {3}
BREAKS = "race-first-failure-propagates"


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        for next_done in asyncio.as_completed(tasks):
            try:
                return await next_done
            except Exception:
                continue
        return None
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
