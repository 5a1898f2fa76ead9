"""Correct alternative: TaskGroups for the race and the deployment, wait() for progress."""

import asyncio

FAILS = set()


async def fetch_all_settled(urls, fetch):
    async def settle(url):
        try:
            return await fetch(url)
        except Exception as error:
            return error

    async with asyncio.TaskGroup() as group:  # cancelled, it waits until they have ended
        tasks = [group.create_task(settle(url)) for url in urls]
    return [task.result() for task in tasks]


async def fetch_with_progress(urls, fetch, progress):
    tasks = {asyncio.create_task(fetch(url)): url for url in urls}
    finished = []
    pending = set(tasks)
    try:
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in sorted(done, key=list(tasks).index):
                progress(tasks[task], task.result())
                finished.append(tasks[task])
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
    return finished


async def first_response(mirrors, download):
    winner = []
    tasks = []

    async def attempt(mirror):
        result = await download(mirror)
        if not winner:
            winner.append(result)
            for other in tasks:
                if other is not asyncio.current_task():
                    other.cancel()

    async with asyncio.TaskGroup() as group:
        tasks.extend(group.create_task(attempt(mirror)) for mirror in mirrors)
    return winner[0]


async def deploy_all(servers, deploy):
    tasks = {}
    try:
        async with asyncio.TaskGroup() as group:
            for server in servers:
                tasks[server] = group.create_task(deploy(server))
    except* Exception:
        pass  # the outcomes are read from the tasks below
    return {
        server: "cancelled" if t.cancelled() else "failed" if t.exception() else "ok"
        for server, t in tasks.items()
    }


async def run_all(jobs):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(job()) for job in jobs]
    return [t.result() for t in tasks]
