"""Mistake: each attempt is awaited with no time limit, so a slow attempt is never retried."""

FAILS = {2}
BREAKS = "retries-fresh-timeout-each-attempt"


async def fetch_with_retries(fetch, seconds, attempts):
    for _ in range(attempts):
        try:
            return await fetch()
        except TimeoutError:
            continue
    raise TimeoutError
