"""Mistake: gather(return_exceptions=True) waits for every deployment after a failure."""

import asyncio

FAILS = {4}
BREAKS = "deploy-stops-at-first-failure"


async def deploy_all(servers, deploy):
    results = await asyncio.gather(*(deploy(s) for s in servers), return_exceptions=True)
    return {
        server: "failed" if isinstance(result, Exception) else "ok"
        for server, result in zip(servers, results, strict=True)
    }
