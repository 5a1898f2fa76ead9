"""Mistake: run_all starts limit workers, each running a fixed share of the commands (i, i +
limit, ...), so a worker whose child is slow holds up its next command while other slots sit
free."""

import asyncio

FAILS = {4}
BREAKS = "run-all-next-as-one-ends"


async def run_all(commands, limit):
    outputs = [None] * len(commands)

    async def worker(first):
        for index in range(first, len(commands), limit):  # every limit-th command
            outputs[index] = await output_of(commands[index])

    async with asyncio.TaskGroup() as group:
        for first in range(min(limit, len(commands))):
            group.create_task(worker(first))
    return outputs
