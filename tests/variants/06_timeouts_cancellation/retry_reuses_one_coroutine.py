"""Mistake: fetch_with_retries calls fetch() once and hands the same coroutine to every attempt."""

FAILS = {2}
BREAKS = "retries-fresh-timeout-each-attempt"


async def fetch_with_retries(fetch, seconds, attempts):
    answer = fetch()
    for _ in range(attempts):
        try:
            return await asyncio.wait_for(answer, seconds)
        except TimeoutError:
            continue
    raise TimeoutError(f"no answer in {attempts} attempts")
