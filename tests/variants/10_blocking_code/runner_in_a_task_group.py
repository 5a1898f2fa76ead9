"""Correct in another style: keep_alive in a TaskGroup, cancelled once the job is over."""

import asyncio

FAILS = set()


async def run_with_keep_alive(job, beat, interval):
    async with asyncio.TaskGroup() as group:
        keeper = group.create_task(keep_alive(beat, interval))
        try:
            return await job()
        finally:
            keeper.cancel()
