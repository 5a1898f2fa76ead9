"""Fetcher.__aexit__ closes the fetcher only when the block ended without an exception."""

FAILS = {6}
BREAKS = "fetcher-async-with"


async def _aexit_when_all_went_well(self, exc_type, exc, traceback):
    if exc_type is None:
        await self.aclose()
    return False


Fetcher.__aexit__ = _aexit_when_all_went_well
