"""Mistake: fetch_or_default always waits 1 s, whatever ``seconds`` it is given."""

import asyncio

FAILS = {1}
BREAKS = "fod-returns-default-on-timeout"


async def fetch_or_default(fetch, seconds, default):
    try:
        async with asyncio.timeout(1.0):
            return await fetch()
    except TimeoutError:
        return default
