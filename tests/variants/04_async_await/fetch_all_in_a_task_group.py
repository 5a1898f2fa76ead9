"""A correct alternative: fetch_all in a TaskGroup, a failure coming out in its ExceptionGroup."""

FAILS = set()


async def fetch_all(urls, fetch):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch(url)) for url in urls]
    return [task.result() for task in tasks]
