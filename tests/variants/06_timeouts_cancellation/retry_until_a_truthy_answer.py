"""Mistake: fetch_with_retries tries again until an answer is truthy: quick answers of '' are
tried again, and three of them end in TimeoutError."""

import asyncio

FAILS = {2}
BREAKS = "retries-fresh-timeout-each-attempt"


async def fetch_with_retries(fetch, seconds, attempts):
    for _ in range(attempts):
        try:
            answer = await asyncio.wait_for(fetch(), seconds)
        except TimeoutError:
            continue
        if answer:
            return answer
    raise TimeoutError
