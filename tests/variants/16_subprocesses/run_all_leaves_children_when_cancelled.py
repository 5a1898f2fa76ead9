"""Mistake: run_all's children have no clean-up: cancelled while they run, the TaskGroup
cancels every run_one, and each leaves its child running."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {4}
BREAKS = "run-all-cancelled-cleans-up"


async def run_all(commands, limit):
    slots = asyncio.Semaphore(limit)

    async def run_one(command):
        async with slots:
            process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
            stdout, _ = await process.communicate()
            return stdout.decode()

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(run_one(command)) for command in commands]
    return [task.result() for task in tasks]
