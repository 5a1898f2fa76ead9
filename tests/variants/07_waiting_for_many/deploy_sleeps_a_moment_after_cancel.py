"""Mistake: deploy_all cancels what is pending and sleeps(0) instead of awaiting it."""

import asyncio

FAILS = {4}
BREAKS = "deploy-cancels-and-awaits-rest"


async def deploy_all(servers, deploy):
    if not servers:
        return {}
    tasks = {server: asyncio.create_task(deploy(server)) for server in servers}
    _done, pending = await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
    for task in pending:
        task.cancel()
    await asyncio.sleep(0)
    outcome = {}
    for server, task in tasks.items():
        if task.cancelled():
            outcome[server] = "cancelled"
        elif task.exception() is not None:
            outcome[server] = "failed"
        else:
            outcome[server] = "ok"
    return outcome
