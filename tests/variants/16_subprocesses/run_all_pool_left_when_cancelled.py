"""run_all's own pool with no finally: cancelled, it leaves its children's tasks running."""

import asyncio

FAILS = {4}
BREAKS = "left-running"


async def run_all(commands, limit):
    running = set()
    tasks = []
    for command in commands:
        while len(running) >= limit:
            _, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        task = asyncio.create_task(output_of(command))
        running.add(task)
        tasks.append(task)
    return [await task for task in tasks]
