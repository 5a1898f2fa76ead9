"""fetch_all starts a task that reports progress and never stops it."""

FAILS = {7}
BREAKS = "fetch-all-leaves-nothing"


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    async with Fetcher(
        address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff
    ) as fetcher:
        fetches = [fetcher.submit(key) for key in keys]

        async def report_progress():
            while True:
                await asyncio.sleep(0.01)
                _ = sum(fetch.done() for fetch in fetches)

        fetch_all.progress = asyncio.create_task(report_progress())
        return await asyncio.gather(*fetches, return_exceptions=True)
