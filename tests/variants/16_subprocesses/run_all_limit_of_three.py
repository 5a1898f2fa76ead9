"""run_all shares one semaphore, but of 3, the example's limit, whatever limit it is given."""

FAILS = {4}
BREAKS = "run-all-cap"


async def run_all(commands, limit):
    slots = asyncio.Semaphore(3)

    async def one(command):
        async with slots:
            return await output_of(command)

    return list(await asyncio.gather(*(one(command) for command in commands)))
