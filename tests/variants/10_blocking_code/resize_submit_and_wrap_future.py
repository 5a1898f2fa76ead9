"""Correct in another style: pool.submit, each future wrapped with asyncio.wrap_future."""

import asyncio

FAILS = set()


async def resize_all(images, resize, pool):
    futures = [asyncio.wrap_future(pool.submit(resize, image)) for image in images]
    return await asyncio.gather(*futures)
