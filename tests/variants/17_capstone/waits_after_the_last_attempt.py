"""fetch_with_retries sleeps once more after the last failure before raising."""

FAILS = {5}
BREAKS = "retries-raise-the-last-error"


async def fetch_with_retries(address, key, attempts, backoff):
    error = None
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except FetchError as failure:
            error = failure
        await asyncio.sleep(backoff * 2**attempt)
    raise error
