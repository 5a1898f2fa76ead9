"""Correct in another style: the jobs already run in the pool, so awaiting each in turn is fine."""

import asyncio

FAILS = set()


async def await_pool(futures):
    return [await asyncio.wrap_future(future) for future in futures]
