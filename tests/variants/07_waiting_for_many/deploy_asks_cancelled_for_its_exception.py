"""Mistake: outcomes read with task.exception() before checking task.cancelled().

exception() on a cancelled task raises CancelledError, so as soon as one deployment is
cancelled deploy_all raises instead of returning its report.
"""

import asyncio

FAILS = {4}
BREAKS = "deploy-never-raises"


async def deploy_all(servers, deploy):
    tasks = {server: asyncio.create_task(deploy(server)) for server in servers}
    if not tasks:
        return {}
    _done, pending = await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
    for running in pending:
        running.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    outcomes = {}
    for server, finished in tasks.items():
        if finished.exception() is not None:
            outcomes[server] = "failed"
        elif finished.cancelled():
            outcomes[server] = "cancelled"
        else:
            outcomes[server] = "ok"
    return outcomes
