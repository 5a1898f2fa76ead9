"""Mistake: fetch_or_default lets the TimeoutError out instead of returning the default."""

import asyncio

FAILS = {1}
BREAKS = "fod-returns-default-on-timeout"


async def fetch_or_default(fetch, seconds, default):
    async with asyncio.timeout(seconds):
        return await fetch()
