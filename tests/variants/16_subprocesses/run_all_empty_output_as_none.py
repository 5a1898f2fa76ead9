"""run_all gives None for a child that printed nothing (`output or None`): '' is an output."""

FAILS = {4}
BREAKS = "run-all-outputs-in-order"


async def run_all(commands, limit):
    slots = asyncio.Semaphore(limit)

    async def one(command):
        async with slots:
            return await output_of(command) or None

    return list(await asyncio.gather(*(one(command) for command in commands)))
