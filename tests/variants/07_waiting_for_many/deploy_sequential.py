"""Mistake: one deployment after another; the first failure stops the rest from starting."""

FAILS = {4}
BREAKS = "deploy-at-once"


async def deploy_all(servers, deploy):
    outcomes = dict.fromkeys(servers, "cancelled")
    for server in servers:
        try:
            await deploy(server)
        except Exception:
            outcomes[server] = "failed"
            break
        outcomes[server] = "ok"
    return outcomes
