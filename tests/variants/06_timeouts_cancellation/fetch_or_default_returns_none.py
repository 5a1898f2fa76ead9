"""Mistake: fetch_or_default returns None on a timeout, forgetting the default it was given."""

FAILS = {1}
BREAKS = "fod-returns-default-on-timeout"


async def fetch_or_default(fetch, seconds, default):
    try:
        async with asyncio.timeout(seconds):
            return await fetch()
    except TimeoutError:
        return None
