"""A correct alternative: timeout_at, cancel-then-await one by one, except/raise cleanup."""

import asyncio
import contextlib
from asyncio import shield

FAILS = set()


async def fetch_or_default(fetch, seconds, default):
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout_at(loop.time() + seconds):
            return await fetch()
    except TimeoutError:
        return default


async def fetch_with_retries(fetch, seconds, attempts):
    for attempt in range(1, attempts + 1):
        with contextlib.suppress(TimeoutError):
            return await asyncio.wait_for(fetch(), seconds)
        if attempt == attempts:
            raise TimeoutError


async def stop_all(tasks):
    for job in tasks:
        job.cancel()
    cancelled = 0
    for job in tasks:
        try:
            await job
        except asyncio.CancelledError:
            if asyncio.current_task().cancelling():
                raise  # stop_all's own cancellation, not the job's: let it go on
            cancelled += 1
    return cancelled


async def use_connection(pool, work):
    conn = await pool.acquire()
    try:
        result = await work(conn)
    except BaseException:
        await pool.release(conn)
        raise
    await pool.release(conn)
    return result


async def keep_polling(probe, interval, log):
    while True:
        try:
            log.append(await probe())
            await asyncio.sleep(interval)
        except asyncio.CancelledError:
            log.append("stopped")
            raise


_saving = []


async def save_within(save, record, seconds):
    job = asyncio.create_task(save(record))
    _saving.append(job)
    job.add_done_callback(_saving.remove)
    try:
        async with asyncio.timeout(seconds):
            await shield(job)
    except TimeoutError:
        return False
    return True


async def crawl(fetch, urls, budget):
    pages = []
    deadline = asyncio.get_running_loop().time() + budget
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout_at(deadline):
            for url in urls:
                page = await fetch(url)
                pages.append(page)
    return pages
