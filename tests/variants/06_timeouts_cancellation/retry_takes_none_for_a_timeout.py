"""Mistake: fetch_with_retries keeps the answer in a variable that starts as None, and takes a
None left there for "every attempt timed out": a quick answer of None raises TimeoutError."""

import asyncio

FAILS = {2}
BREAKS = "retries-fresh-timeout-each-attempt"


async def fetch_with_retries(fetch, seconds, attempts):
    answer = None
    for _ in range(attempts):
        try:
            answer = await asyncio.wait_for(fetch(), seconds)
            break
        except TimeoutError:
            pass
    if answer is None:
        raise TimeoutError
    return answer
