"""Mistake: start_named is a coroutine that waits for every job before returning the tasks."""

FAILS = {2}
BREAKS = "start-named-does-not-wait"


async def start_named(jobs):
    tasks = [asyncio.create_task(job(), name=name) for name, job in jobs.items()]
    await asyncio.gather(*tasks)
    return tasks
