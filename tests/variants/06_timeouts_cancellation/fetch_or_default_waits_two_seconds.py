"""Mistake: fetch_or_default always waits 2 s, the example's value, whatever ``seconds`` is."""

import asyncio

FAILS = {1}
BREAKS = "fod-returns-default-on-timeout"


async def fetch_or_default(fetch, seconds, default):
    try:
        async with asyncio.timeout(2.0):
            return await fetch()
    except TimeoutError:
        return default
