"""A correct solution in other styles: progress called from each fetch's own task in a
TaskGroup, a race won by raising a private exception that stops the group, gather inside
the group."""

import asyncio

FAILS = set()


class _Stop(Exception):
    pass


async def fetch_with_progress(urls, fetch, progress):
    order = []

    async def one(url):
        page = await fetch(url)
        progress(url, page)
        order.append(url)

    async with asyncio.TaskGroup() as g:
        for u in urls:
            g.create_task(one(u))
    return order


async def first_response(mirrors, download):
    box = []

    async def one(m):
        result = await download(m)
        if not box:
            box.append(result)
        raise _Stop

    try:
        async with asyncio.TaskGroup() as g:
            for m in mirrors:
                g.create_task(one(m))
    except* _Stop:
        pass
    return box[0]


async def run_all(jobs):
    async with asyncio.TaskGroup() as g:
        tasks = [g.create_task(j()) for j in jobs]
        results = await asyncio.gather(*tasks)
    return list(results)
