"""Mistake: fetch_all schedules, with loop.call_later, a second try of the keys that failed,
to start after it has returned: work no caller waits for."""

import asyncio

FAILS = {7}
BREAKS = "fetch-all-leaves-nothing"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    async with Fetcher(
        address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff
    ) as fetcher:
        fetches = [fetcher.submit(key) for key in keys]
        outcomes = await asyncio.gather(*fetches, return_exceptions=True)
    pairs = zip(keys, outcomes, strict=True)
    failed = [key for key, outcome in pairs if isinstance(outcome, Exception)]
    loop = asyncio.get_running_loop()

    retries = []

    def retry():
        retries.extend(asyncio.ensure_future(fetch_one(address, key)) for key in failed)

    loop.call_later(0.5, retry)
    return outcomes
