"""fetch_with_retries keeps trying until a value is true: '' counts as no value, so a key
whose value is '' is asked again and again, then refused."""

FAILS = {5}
BREAKS = "retries-at-most-attempts"


async def fetch_with_retries(address, key, attempts, backoff):
    error = FetchError(f"{key}: no value")
    for attempt in range(attempts):
        try:
            value = await fetch_one(address, key)
            if value:
                return value
        except FetchError as failure:
            error = failure
        if attempt == attempts - 1:
            break
        await asyncio.sleep(backoff * 2**attempt)
    raise error
