"""Mistake: asyncio.wait on an empty set raises ValueError: deploy_all([]) raises instead of {}."""

import asyncio

FAILS = {4}
BREAKS = "deploy-never-raises"


async def deploy_all(servers, deploy):
    tasks = {server: asyncio.create_task(deploy(server)) for server in servers}
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
