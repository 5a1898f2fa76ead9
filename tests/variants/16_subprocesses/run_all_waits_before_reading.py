"""Mistake: run_all waits for each child's exit before reading it: a big output deadlocks."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {4}
BREAKS = "run-all-outputs-in-order"


async def run_all(commands, limit):
    slots = asyncio.Semaphore(limit)

    async def run_one(command):
        async with slots:
            process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
            await process.wait()
            return (await process.stdout.read()).decode()

    return await asyncio.gather(*(run_one(command) for command in commands))
