"""A correct alternative: sleep_concurrently starts a task per sleep, yields once with
asyncio.sleep(0) so they all start, then awaits them one by one."""

FAILS = set()


async def sleep_concurrently(count, seconds):
    tasks = [asyncio.create_task(asyncio.sleep(seconds)) for _ in range(count)]
    await asyncio.sleep(0)  # let every sleep start before waiting
    for each in tasks:
        await each
