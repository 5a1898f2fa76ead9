"""run_all gives the slot back when a child's output ends, before the child has exited."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {4}
BREAKS = "run-all-cap"


async def run_all(commands, limit):
    slots = asyncio.Semaphore(limit)

    async def run_one(command):
        async with slots:
            process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
            output = await process.stdout.read()
        await process.wait()
        return output.decode()

    return await asyncio.gather(*(run_one(command) for command in commands))
