"""A correct alternative: TaskGroup and create_task instead of gather, a Runner for task 2."""


def greet_from_sync(name):
    with asyncio.Runner() as runner:
        return runner.run(greet(name))


async def apply_in_order(value, steps):
    result = value
    for index in range(len(steps)):
        result = await steps[index](result)
    return result


async def sleep_concurrently(count, seconds):
    async with asyncio.TaskGroup() as group:
        for _ in range(count):
            group.create_task(asyncio.sleep(seconds))


async def fetch_all(urls, fetch):
    tasks = [asyncio.create_task(fetch(url)) for url in urls]
    return [await task for task in tasks]


async def run_with_background(work, background):
    async with asyncio.TaskGroup() as group:
        background_task = group.create_task(background())
        work_task = group.create_task(work())
    return work_task.result(), background_task.result()


FAILS = set()
