"""Mistake: deploy_all, cancelled itself, cancels the deployments and reports them as
'cancelled' instead of ending cancelled."""

import asyncio

FAILS = {4}
BREAKS = "cancelled"


async def deploy_all(servers, deploy):
    tasks = {server: asyncio.create_task(deploy(server)) for server in servers}
    if not tasks:
        return {}
    try:
        _done, pending = await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
    except asyncio.CancelledError:
        pending = {task for task in tasks.values() if not task.done()}
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
