"""Correct in another style: limit workers take the next index from a shared iterator."""

import asyncio

FAILS = set()


async def fetch_capped(urls, fetch, limit):
    results = [None] * len(urls)
    indexes = iter(range(len(urls)))

    async def work():
        for index in indexes:
            results[index] = await fetch(urls[index])

    async with asyncio.TaskGroup() as group:
        for _ in range(min(limit, len(urls))):
            group.create_task(work())
    return results
