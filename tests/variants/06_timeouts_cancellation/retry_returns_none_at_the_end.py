"""Mistake: when every attempt timed out, fetch_with_retries returns None instead of raising."""

FAILS = {2}
BREAKS = "retries-up-to-attempts-then-timeout-error"


async def fetch_with_retries(fetch, seconds, attempts):
    for _ in range(attempts):
        try:
            return await asyncio.wait_for(fetch(), seconds)
        except TimeoutError:
            continue
    return None
