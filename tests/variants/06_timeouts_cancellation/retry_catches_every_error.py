"""Mistake: fetch_with_retries retries on any exception, not only on a timeout."""

FAILS = {2}
BREAKS = "retries-only-timeouts"


async def fetch_with_retries(fetch, seconds, attempts):
    for _ in range(attempts):
        try:
            return await asyncio.wait_for(fetch(), seconds)
        except Exception:
            continue
    raise TimeoutError(f"no answer in {attempts} attempts of {seconds} s")
