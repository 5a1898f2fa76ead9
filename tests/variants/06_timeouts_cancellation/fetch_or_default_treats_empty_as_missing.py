"""Mistake: fetch_or_default returns ``result or default``, so a quick but empty answer ('')
is replaced by the default."""

FAILS = {1}
BREAKS = "fod-returns-the-answer"


async def fetch_or_default(fetch, seconds, default):
    result = None
    try:
        async with asyncio.timeout(seconds):
            result = await fetch()
    except TimeoutError:
        pass
    return result or default
