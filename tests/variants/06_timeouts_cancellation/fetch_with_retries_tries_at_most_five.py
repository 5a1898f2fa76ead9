"""Mistake: fetch_with_retries makes at most five attempts, a cap the task does not give."""

import asyncio

FAILS = {2}
BREAKS = "retries-up-to-attempts-then-timeout-error"


async def fetch_with_retries(fetch, seconds, attempts):
    for _ in range(min(attempts, 5)):
        try:
            return await asyncio.wait_for(fetch(), seconds)
        except TimeoutError:
            continue
    raise TimeoutError(f"no answer in {attempts} attempts of {seconds} s")
