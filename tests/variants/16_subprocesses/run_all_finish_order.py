"""Mistake: run_all returns the outputs in the order the children finished."""

FAILS = {4}
BREAKS = "run-all-outputs-in-order"


async def run_all(commands, limit):
    slots = asyncio.Semaphore(limit)

    async def run_one(command):
        async with slots:
            return await output_of(command)

    return [await done for done in asyncio.as_completed([run_one(c) for c in commands])]
