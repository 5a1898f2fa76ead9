"""Awaits each coroutine before starting the next, where the tasks ask for concurrency."""


async def sleep_concurrently(count, seconds):
    for _ in range(count):
        await asyncio.sleep(seconds)


async def fetch_all(urls, fetch):
    return [await fetch(url) for url in urls]


async def run_with_background(work, background):
    work_result = await work()
    return work_result, await background()


FAILS = {5, 6, 7}
