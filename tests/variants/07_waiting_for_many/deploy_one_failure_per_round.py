"""Mistake: only the first failed task found is reported "failed"; a second failure at the
same instant is reported "ok"."""

import asyncio

FAILS = {4}
BREAKS = "deploy-reports-outcomes"


async def deploy_all(servers, deploy):
    tasks = {server: asyncio.create_task(deploy(server)) for server in servers}
    if not tasks:
        return {}
    done, pending = await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
    for running in pending:
        running.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    failed = next((t for t in done if t.exception() is not None), None)
    return {
        server: "cancelled" if t in pending else "failed" if t is failed else "ok"
        for server, t in tasks.items()
    }
