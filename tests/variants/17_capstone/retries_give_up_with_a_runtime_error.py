"""fetch_with_retries raises a RuntimeError of its own when every attempt failed."""

FAILS = {5}
BREAKS = "retries-raise-the-last-error"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt < attempts - 1:
                await asyncio.sleep(backoff * 2**attempt)
    raise RuntimeError(f"{key}: no answer after {attempts} attempts")
