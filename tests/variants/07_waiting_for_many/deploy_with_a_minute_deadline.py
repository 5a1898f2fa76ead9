"""Mistake: deploy_all cancels what still runs after a minute, though none failed."""

import asyncio

FAILS = {4}
BREAKS = "deploy-waits-for-all-when-none-fails"


async def deploy_all(servers, deploy):
    tasks = {server: asyncio.create_task(deploy(server)) for server in servers}
    if not tasks:
        return {}
    _done, pending = await asyncio.wait(
        tasks.values(), timeout=60, return_when=asyncio.FIRST_EXCEPTION
    )
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
