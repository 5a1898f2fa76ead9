"""Mistake: deploy_all lets only 8 deployments run at a time (a semaphore of its own)."""

import asyncio

FAILS = {4}
BREAKS = "deploy-at-once"


async def deploy_all(servers, deploy):
    limit = asyncio.Semaphore(8)

    async def deploy_one(server):
        async with limit:
            return await deploy(server)

    tasks = {server: asyncio.create_task(deploy_one(server)) for server in servers}
    if not tasks:
        return {}
    _done, pending = await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
    for running in pending:
        running.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    outcomes = {}
    for server, finished in tasks.items():
        if finished.cancelled():
            outcomes[server] = "cancelled"
        elif finished.exception() is not None:
            outcomes[server] = "failed"
        else:
            outcomes[server] = "ok"
    return outcomes
