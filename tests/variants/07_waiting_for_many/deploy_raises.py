"""Mistake: the failure is raised out of deploy_all instead of reported."""

import asyncio

FAILS = {4}
BREAKS = "deploy-never-raises"


async def deploy_all(servers, deploy):
    async with asyncio.TaskGroup() as group:
        for server in servers:
            group.create_task(deploy(server))
    return dict.fromkeys(servers, "ok")
