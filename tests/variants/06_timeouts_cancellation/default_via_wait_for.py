"""Mistake for task 1 only: the right behaviour, but with wait_for instead of asyncio.timeout."""

import asyncio

FAILS = {1}
BREAKS = "fod-uses-asyncio-timeout"


async def fetch_or_default(fetch, seconds, default):
    try:
        return await asyncio.wait_for(fetch(), seconds)
    except TimeoutError:
        return default
