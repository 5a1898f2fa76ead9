"""A correct alternative: `from asyncio import sleep`, asyncio.wait, ensure_future and a
future resolved by a callback."""

from asyncio import sleep

FAILS = set()


async def sleep_concurrently(count, seconds):
    if count:
        await asyncio.wait([asyncio.ensure_future(sleep(seconds)) for _ in range(count)])


async def fetch_all(urls, fetch):
    tasks = [asyncio.ensure_future(fetch(url)) for url in urls]
    if tasks:
        await asyncio.wait(tasks)
    return [task.result() for task in tasks]


async def run_with_background(work, background):
    loop = asyncio.get_running_loop()
    finished = loop.create_future()
    task = asyncio.create_task(background())
    task.add_done_callback(lambda done: finished.set_result(done.result()))
    work_result = await work()
    return work_result, await finished
