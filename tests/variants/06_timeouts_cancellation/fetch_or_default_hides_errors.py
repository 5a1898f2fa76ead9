"""Mistake: fetch_or_default catches every Exception, so a failing fetch looks like a slow one."""

import asyncio

FAILS = {1}
BREAKS = "fod-lets-other-errors-out"


async def fetch_or_default(fetch, seconds, default):
    try:
        async with asyncio.timeout(seconds):
            return await fetch()
    except Exception:
        return default
