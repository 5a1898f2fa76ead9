"""Mistake: the pending deployments are reported as cancelled but never cancelled."""

import asyncio

FAILS = {4}
BREAKS = "deploy-cancels-and-awaits-rest"


async def deploy_all(servers, deploy):
    tasks = {server: asyncio.create_task(deploy(server)) for server in servers}
    await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
    return {
        server: "cancelled" if not t.done() else "failed" if t.exception() else "ok"
        for server, t in tasks.items()
    }
