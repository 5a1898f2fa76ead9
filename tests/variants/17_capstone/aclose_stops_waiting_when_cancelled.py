"""aclose waits for the fetches it cancelled with asyncio.wait: cancelled meanwhile, it stops
waiting, and they are still ending when it ends."""

import asyncio

FAILS = {6}
BREAKS = "left-running"


class Fetcher(Fetcher):
    async def aclose(self):
        self._closed = True
        pending = list(self._tasks)
        for fetching in pending:
            fetching.cancel()
        if pending:
            await asyncio.wait(pending)
