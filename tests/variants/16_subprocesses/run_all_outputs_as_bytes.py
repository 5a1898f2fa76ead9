"""Mistake: run_all's inner coroutine forgets to decode: the outputs come back as bytes."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {4}
BREAKS = "run-all-outputs-in-order"


async def run_all(commands, limit):
    slots = asyncio.Semaphore(limit)

    async def run_one(command):
        async with slots:
            process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
            stdout, _ = await process.communicate()
            return stdout

    return await asyncio.gather(*(run_one(command) for command in commands))
