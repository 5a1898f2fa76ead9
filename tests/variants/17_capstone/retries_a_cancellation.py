"""fetch_with_retries catches BaseException, a CancelledError too, and retries it: cancelled
while an attempt waits, it goes on with the next attempt instead of ending cancelled."""

FAILS = {5}
BREAKS = "retries-only-fetch-errors"


async def fetch_with_retries(address, key, attempts, backoff):
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except BaseException as error:
            if not isinstance(error, FetchError | asyncio.CancelledError):
                raise
            if attempt == attempts - 1:
                raise
        await asyncio.sleep(backoff * 2**attempt)
