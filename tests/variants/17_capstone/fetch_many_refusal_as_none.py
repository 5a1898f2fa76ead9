"""fetch_many gathers with return_exceptions=True and puts None in place of a refused key:
an ERR answer is taken for a value."""

FAILS = {2}
BREAKS = "fetch-many-raises"


async def fetch_many(address, keys):
    outcomes = await asyncio.gather(
        *(fetch_one(address, key) for key in keys), return_exceptions=True
    )
    return [None if isinstance(outcome, Exception) else outcome for outcome in outcomes]
