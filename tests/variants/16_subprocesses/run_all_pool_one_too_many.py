"""Mistake: run_all keeps its own pool but waits only when more than limit run: limit + 1."""

import asyncio

FAILS = {4}
BREAKS = "run-all-cap"


async def run_all(commands, limit):
    running = set()
    tasks = []
    for command in commands:
        if len(running) > limit:
            _, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        task = asyncio.create_task(output_of(command))
        running.add(task)
        tasks.append(task)
    return list(await asyncio.gather(*tasks))
