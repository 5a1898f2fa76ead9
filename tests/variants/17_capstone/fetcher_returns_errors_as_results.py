"""Fetcher._fetch returns a TimeoutError or FetchError as the task's result instead of raising."""

FAILS = {6}
BREAKS = "fetcher-one-timeout"


async def _fetch_returning_errors(self, key):
    async with self._slots:
        try:
            async with asyncio.timeout(self.timeout):
                return await fetch_with_retries(self.address, key, self.attempts, self.backoff)
        except (TimeoutError, FetchError) as error:
            return error


Fetcher._fetch = _fetch_returning_errors
