"""Mistake: fetch_or_default takes a quick answer of None for no answer and gives the default."""

import asyncio

FAILS = {1}
BREAKS = "fod-returns-the-answer"


async def fetch_or_default(fetch, seconds, default):
    try:
        async with asyncio.timeout(seconds):
            answer = await fetch()
    except TimeoutError:
        return default
    return default if answer is None else answer
