"""Correct in another style: run_all keeps a set of running tasks and asyncio.wait for a slot."""

import asyncio

FAILS = set()


async def run_all(commands, limit):
    running = set()
    tasks = []
    try:
        for command in commands:
            while len(running) >= limit:
                _, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            task = asyncio.create_task(output_of(command))
            running.add(task)
            tasks.append(task)
        return [await task for task in tasks]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
