"""Mistake: start_named's tasks name themselves once they start running, so the tasks it
returns are not yet named after their keys."""

import asyncio

FAILS = {2}
BREAKS = "start-named-returns-named-tasks-in-order"


def start_named(jobs):
    async def named(name, job):
        asyncio.current_task().set_name(name)
        return await job()

    return [asyncio.create_task(named(name, job)) for name, job in jobs.items()]
