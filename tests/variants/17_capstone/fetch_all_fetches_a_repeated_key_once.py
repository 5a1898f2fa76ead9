"""Mistake: fetch_all submits each distinct key once and repeats its outcome for the other
places: a key listed twice is fetched only once, though its value may have changed."""

import asyncio

FAILS = {7}
BREAKS = "fetch-all-outcomes"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    async with Fetcher(
        address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff
    ) as fetcher:
        fetches = {key: fetcher.submit(key) for key in dict.fromkeys(keys)}
        outcomes = await asyncio.gather(*fetches.values(), return_exceptions=True)
        by_key = dict(zip(fetches, outcomes, strict=True))
        return [by_key[key] for key in keys]
