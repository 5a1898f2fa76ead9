"""Fetcher._fetch catches CancelledError and returns None: the cancellation is swallowed."""

FAILS = {6}
BREAKS = "fetcher-aclose-cancels-and-waits"


async def _fetch_swallowing(self, key):
    try:
        async with self._slots, asyncio.timeout(self.timeout):
            return await fetch_with_retries(self.address, key, self.attempts, self.backoff)
    except asyncio.CancelledError:
        return None


Fetcher._fetch = _fetch_swallowing
