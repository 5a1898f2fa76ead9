"""Correct alternative: tasks and try/except, callbacks on finish, as_completed races."""

import asyncio

FAILS = set()


async def fetch_all_settled(urls, fetch):
    tasks = [asyncio.create_task(fetch(url)) for url in urls]
    results = []
    try:
        for started in tasks:
            try:
                results.append(await started)
            except Exception as error:  # a fetch's error; a CancelledError of ours goes on
                results.append(error)
    finally:  # cancelled: stop the fetches still running before the cancellation goes on
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return results


async def fetch_with_progress(urls, fetch, progress):
    finished = []

    async def fetch_and_report(url):
        page = await fetch(url)
        progress(url, page)
        finished.append(url)

    async with asyncio.TaskGroup() as group:
        for url in urls:
            group.create_task(fetch_and_report(url))
    return finished


async def first_response(mirrors, download):
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        for next_done in asyncio.as_completed(tasks):
            return await next_done
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.wait(tasks)


async def deploy_all(servers, deploy):
    tasks = {asyncio.create_task(deploy(server)): server for server in servers}
    outcomes = {}
    pending = set(tasks)
    try:
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for finished in done:
                outcomes[tasks[finished]] = "failed" if finished.exception() else "ok"
            if "failed" in outcomes.values():
                break
    finally:
        for running in pending:
            running.cancel()
        if pending:
            await asyncio.wait(pending)
    for running in pending:
        outcomes[tasks[running]] = "cancelled"
    return outcomes


async def run_all(jobs):
    tasks = []
    async with asyncio.TaskGroup() as group:
        for job in jobs:
            tasks.append(group.create_task(job()))
    return [await finished for finished in tasks]


async def run_and_report(jobs):
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except ExceptionGroup as errors:
        invalid, rest = errors.split(ValueError)
        offline, rest = rest.split(ConnectionError) if rest else (None, None)
        if rest is not None:
            raise rest from None
        return {
            "results": None,
            "invalid": [str(error) for error in invalid.exceptions] if invalid else [],
            "offline": [str(error) for error in offline.exceptions] if offline else [],
        }
    return {"results": [t.result() for t in tasks], "invalid": [], "offline": []}
