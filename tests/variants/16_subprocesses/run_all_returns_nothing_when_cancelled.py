"""Mistake: run_all, cancelled while the children run, returns an empty list."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {4}
BREAKS = "cancelled"


async def run_all(commands, limit):
    slots = asyncio.Semaphore(limit)

    async def run_one(command):
        async with slots:
            process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
            stdout, _ = await process.communicate()
            return stdout.decode()

    try:
        return await asyncio.gather(*(run_one(command) for command in commands))
    except asyncio.CancelledError:
        return []
