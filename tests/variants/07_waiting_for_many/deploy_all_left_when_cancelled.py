"""An asyncio.wait loop with no finally: cancelled while it waits, deploy_all leaves the
deployments it started running."""

import asyncio

FAILS = {4}
BREAKS = "left-running"


async def deploy_all(servers, deploy):
    tasks = {asyncio.create_task(deploy(server)): server for server in servers}
    outcomes = {}
    pending = set(tasks)
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for finished in done:
            outcomes[tasks[finished]] = "failed" if finished.exception() else "ok"
        if "failed" in outcomes.values():
            break
    for running in pending:
        running.cancel()
        outcomes[tasks[running]] = "cancelled"
    if pending:
        await asyncio.wait(pending)
    return outcomes
