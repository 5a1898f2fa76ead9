"""Fetcher._fetch releases its slot only after a value: a failed or timed-out fetch keeps it."""

import asyncio

FAILS = {6}
BREAKS = "fetcher-caps-slots"


class Fetcher(Fetcher):
    async def _fetch(self, key):
        await self._slots.acquire()
        async with asyncio.timeout(self.timeout):
            value = await fetch_with_retries(self.address, key, self.attempts, self.backoff)
        self._slots.release()
        return value
