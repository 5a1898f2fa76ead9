"""run_all never runs more than 4 children, whatever the limit (min(limit, 4)): a cap of its own."""

FAILS = {4}
BREAKS = "run-all-cap"


async def run_all(commands, limit):
    slots = asyncio.Semaphore(min(limit, 4))

    async def one(command):
        async with slots:
            return await output_of(command)

    return list(await asyncio.gather(*(one(command) for command in commands)))
