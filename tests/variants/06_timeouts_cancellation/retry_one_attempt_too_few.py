"""Mistake: fetch_with_retries counts attempts from 1 with range(1, attempts): one too few."""

FAILS = {2}
BREAKS = "retries-up-to-attempts-then-timeout-error"


async def fetch_with_retries(fetch, seconds, attempts):
    for _ in range(1, attempts):
        try:
            return await asyncio.wait_for(fetch(), seconds)
        except TimeoutError:
            continue
    raise TimeoutError(f"no answer in {attempts} attempts")
