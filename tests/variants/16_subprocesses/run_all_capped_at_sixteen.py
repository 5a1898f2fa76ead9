"""run_all caps the limit it is given at 16 children, a number of its own: the task says the
limit given, however large."""

import asyncio

FAILS = {4}
BREAKS = "run-all-cap"


async def run_all(commands, limit):
    slots = asyncio.Semaphore(min(limit, 16))

    async def run_one(command):
        async with slots:
            return await output_of(command)

    return await asyncio.gather(*(run_one(command) for command in commands))
