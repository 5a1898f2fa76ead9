"""triage sorts every job by priority at the start, handling jobs before they arrive."""

FAILS = {4}
BREAKS = "triage-only-arrived-jobs"


async def triage(arrivals, handle):
    handled = []
    for _priority, _at, job in sorted((p, at, job) for at, p, job in arrivals):
        handled.append(await handle(job))
    return handled
