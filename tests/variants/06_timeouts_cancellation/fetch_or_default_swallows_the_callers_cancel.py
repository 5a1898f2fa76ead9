"""Mistake: fetch_or_default catches CancelledError too: cancelled, it returns the default."""

import asyncio

FAILS = {1}
BREAKS = "fod-caller-cancel"


async def fetch_or_default(fetch, seconds, default):
    try:
        async with asyncio.timeout(seconds):
            return await fetch()
    except (TimeoutError, asyncio.CancelledError):
        return default
