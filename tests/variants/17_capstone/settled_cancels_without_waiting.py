"""fetch_settled cancels the silent fetch after asyncio.wait but returns before it has ended."""

FAILS = {4}
BREAKS = "fetch-settled-closes-given-up"


async def fetch_settled(address, keys, timeout):
    fetches = [asyncio.ensure_future(fetch_one(address, key)) for key in keys]
    if not fetches:
        return []
    _, pending = await asyncio.wait(fetches, timeout=timeout)
    for fetch in pending:
        fetch.cancel()
    return [
        TimeoutError() if fetch in pending else (fetch.exception() or fetch.result())
        for fetch in fetches
    ]
