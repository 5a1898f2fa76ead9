"""A correct alternative: wait_for and deadlines, asyncio.wait, AsyncExitStack, finally."""

import asyncio
import contextlib

FAILS = set()


async def fetch_or_default(fetch, seconds, default):
    timer = asyncio.timeout(seconds)
    try:
        async with timer:
            result = await fetch()
    except TimeoutError:
        if timer.expired():
            return default
        raise
    return result


async def fetch_with_retries(fetch, seconds, attempts):
    last_error = None
    attempt = 0
    while attempt < attempts:
        attempt += 1
        try:
            return await asyncio.wait_for(fetch(), timeout=seconds)
        except asyncio.TimeoutError as error:  # noqa: UP041 (the old name still works)
            last_error = error
    raise TimeoutError("every attempt timed out") from last_error


async def stop_all(tasks):
    for job in tasks:
        job.cancel()
    if tasks:
        await asyncio.wait(tasks)
    return len([job for job in tasks if job.cancelled()])


async def use_connection(pool, work):
    async with contextlib.AsyncExitStack() as stack:
        conn = await pool.acquire()
        stack.push_async_callback(pool.release, conn)
        return await work(conn)


async def keep_polling(probe, interval, log):
    try:
        while True:
            log.append(await probe())
            await asyncio.sleep(interval)
    finally:
        log.append("stopped")


_background = set()


async def save_within(save, record, seconds):
    job = asyncio.ensure_future(save(record))
    _background.add(job)
    job.add_done_callback(_background.discard)
    try:
        await asyncio.wait_for(asyncio.shield(job), seconds)
        return True
    except TimeoutError:
        return False


async def crawl(fetch, urls, budget):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget
    pages = []
    for url in urls:
        try:
            pages.append(await asyncio.wait_for(fetch(url), deadline - loop.time()))
        except TimeoutError:
            break
    return pages
