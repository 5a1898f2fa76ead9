"""Mistake: outcomes are paired with the servers sorted by name, not in the order given."""

import asyncio

FAILS = {4}
BREAKS = "deploy-reports-outcomes"


def outcome(task):
    if task.cancelled():
        return "cancelled"
    return "failed" if task.exception() is not None else "ok"


async def deploy_all(servers, deploy):
    if not servers:
        return {}
    tasks = [asyncio.create_task(deploy(server)) for server in servers]
    _done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    for each in pending:
        each.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return {server: outcome(each) for server, each in zip(sorted(servers), tasks, strict=True)}
