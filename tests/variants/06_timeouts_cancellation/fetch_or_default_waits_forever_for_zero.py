"""Takes a limit of 0 seconds for no limit at all (``seconds or None``): it waits for the fetch."""


async def fetch_or_default(fetch, seconds, default):
    try:
        async with asyncio.timeout(seconds or None):
            return await fetch()
    except TimeoutError:
        return default


FAILS = {1}
BREAKS = "fod-returns-default-on-timeout"
