"""fetch_settled waits with asyncio.wait(timeout) and leaves the silent fetch running, open."""

FAILS = {4}
BREAKS = "fetch-settled-closes-given-up"


async def fetch_settled(address, keys, timeout):
    fetches = [asyncio.ensure_future(fetch_one(address, key)) for key in keys]
    if not fetches:
        return []
    await asyncio.wait(fetches, timeout=timeout)
    return [
        (fetch.exception() or fetch.result()) if fetch.done() else TimeoutError()
        for fetch in fetches
    ]
