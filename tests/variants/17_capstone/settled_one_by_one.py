"""fetch_settled gives each key its own timeout, but fetches the keys one after another."""

FAILS = {4}
BREAKS = "fetch-settled-own-timeouts"


async def fetch_settled(address, keys, timeout):
    outcomes = []
    for key in keys:
        try:
            async with asyncio.timeout(timeout):
                outcomes.append(await fetch_one(address, key))
        except (TimeoutError, FetchError) as error:
            outcomes.append(error)
    return outcomes
