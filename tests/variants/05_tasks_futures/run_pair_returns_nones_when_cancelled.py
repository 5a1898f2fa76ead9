"""Mistake: run_pair, cancelled while both run, cancels them and returns (None, None)."""

import asyncio

FAILS = {1}
BREAKS = "cancelled"


async def run_pair(first, second):
    first_task = asyncio.create_task(first())
    second_task = asyncio.create_task(second())
    try:
        return await first_task, await second_task
    except asyncio.CancelledError:
        first_task.cancel()
        second_task.cancel()
        return None, None
