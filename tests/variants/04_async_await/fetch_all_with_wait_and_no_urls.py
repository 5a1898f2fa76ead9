"""Mistake: fetch_all uses asyncio.wait, which raises ValueError when there are no URLs."""

FAILS = {6}
BREAKS = "fetch-all-returns-a-list"


async def fetch_all(urls, fetch):
    tasks = [asyncio.create_task(fetch(url)) for url in urls]
    await asyncio.wait(tasks)
    return [task.result() for task in tasks]
