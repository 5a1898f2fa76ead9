"""Mistake: every deployment that ended in the instant of the first failure is "failed", even
one that succeeded then."""

import asyncio

FAILS = {4}
BREAKS = "deploy-reports-outcomes"


async def deploy_all(servers, deploy):
    if not servers:
        return {}
    tasks = {asyncio.create_task(deploy(server)): server for server in servers}
    finished_ok = set()
    while True:
        done, pending = await asyncio.wait(
            set(tasks) - finished_ok, return_when=asyncio.FIRST_COMPLETED
        )
        if any(t.exception() for t in done) or not pending:
            break
        finished_ok |= done
    for running in pending:
        running.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    failing = any(t.exception() for t in done)
    return {
        server: "cancelled" if t in pending else "failed" if t in done and failing else "ok"
        for t, server in tasks.items()
    }
