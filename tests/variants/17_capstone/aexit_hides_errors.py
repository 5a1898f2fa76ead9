"""Fetcher.__aexit__ returns True, which hides any exception raised in the block."""

FAILS = {6}
BREAKS = "fetcher-async-with"


async def _aexit_hiding(self, exc_type, exc, traceback):
    await self.aclose()
    return True


Fetcher.__aexit__ = _aexit_hiding
