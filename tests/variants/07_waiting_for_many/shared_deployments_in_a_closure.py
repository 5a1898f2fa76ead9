"""Mistake: keeps the running deployments of every call in one dict on a namespace in a dict
that a closure holds, and at a failure cancels everything in it, so a failure in one deploy_all
cancels the deployments of another running at the same time."""

import asyncio
import types

FAILS = {4}
BREAKS = "shared-state"


def _deploy_all_on_one_namespace():
    hidden = {"shared": types.SimpleNamespace(running={})}

    async def deploy_all(servers, deploy):
        shared = hidden["shared"]
        tasks = {server: asyncio.create_task(deploy(server)) for server in servers}
        if not tasks:
            return {}
        for server, running in tasks.items():
            shared.running[running] = server
        try:
            await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
        finally:
            for running in list(shared.running):
                running.cancel()
            await asyncio.gather(*tasks.values(), return_exceptions=True)
            for running in tasks.values():
                shared.running.pop(running, None)
        outcomes = {}
        for server, finished in tasks.items():
            if finished.cancelled():
                outcomes[server] = "cancelled"
            elif finished.exception() is not None:
                outcomes[server] = "failed"
            else:
                outcomes[server] = "ok"
        return outcomes

    return deploy_all


deploy_all = _deploy_all_on_one_namespace()
