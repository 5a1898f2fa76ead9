"""Correct in other styles: wait() with a finally for the settled list, ExceptionGroup.split."""

import asyncio

FAILS = set()


async def fetch_all_settled(urls, fetch):
    tasks = [asyncio.create_task(fetch(url)) for url in urls]
    try:
        if tasks:
            await asyncio.wait(tasks)
    finally:
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return [
        running.exception() if running.exception() is not None else running.result()
        for running in tasks
    ]


async def run_and_report(jobs):
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except ExceptionGroup as failures:
        invalid, rest = failures.split(ValueError)
        offline, rest = rest.split(ConnectionError) if rest else (None, None)
        if invalid:
            report["invalid"] = [str(error) for error in invalid.exceptions]
        if offline:
            report["offline"] = [str(error) for error in offline.exceptions]
        if rest:
            raise rest from None
    else:
        report["results"] = [finished.result() for finished in tasks]
    return report
