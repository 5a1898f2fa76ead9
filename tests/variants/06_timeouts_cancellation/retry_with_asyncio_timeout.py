"""Mistake for task 2 only: right behaviour, but asyncio.timeout where the task asks wait_for."""

import asyncio

FAILS = {2}
BREAKS = "retries-uses-wait-for"


async def fetch_with_retries(fetch, seconds, attempts):
    for _ in range(attempts):
        try:
            async with asyncio.timeout(seconds):
                return await fetch()
        except TimeoutError:
            pass
    raise TimeoutError
