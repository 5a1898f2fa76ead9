"""Mistake: fetch_with_retries retries a cancellation from its caller as if it were a timeout."""

import asyncio

FAILS = {2}
BREAKS = "retries-caller-cancel"


async def fetch_with_retries(fetch, seconds, attempts):
    for _ in range(attempts):
        try:
            return await asyncio.wait_for(fetch(), seconds)
        except (TimeoutError, asyncio.CancelledError):
            continue
    raise TimeoutError
