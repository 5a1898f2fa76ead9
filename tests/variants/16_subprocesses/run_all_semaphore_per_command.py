"""Mistake: run_all makes a semaphore per command, which limits nothing."""

FAILS = {4}
BREAKS = "run-all-cap"


async def run_all(commands, limit):
    async def run_one(command):
        async with asyncio.Semaphore(limit):
            return await output_of(command)

    return await asyncio.gather(*(run_one(command) for command in commands))
