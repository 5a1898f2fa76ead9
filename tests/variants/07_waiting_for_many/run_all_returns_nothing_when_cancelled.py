"""Mistake: run_all catches the CancelledError its TaskGroup lets through and returns an
empty list, as if there had been no jobs."""

import asyncio

FAILS = {5}
BREAKS = "cancelled"


async def run_all(jobs):
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except asyncio.CancelledError:
        return []
    return [finished.result() for finished in tasks]
