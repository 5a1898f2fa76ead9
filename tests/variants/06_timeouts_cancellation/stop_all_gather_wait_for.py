"""Mistake: stop_all waits at most 60 s for the cleanups (wait_for), cutting them short."""

import contextlib

FAILS = {3}
BREAKS = "stop-all-cancels-and-waits-together"


async def stop_all(tasks):
    tasks = list(tasks)
    for t in tasks:
        t.cancel()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 60)
    return sum(1 for t in tasks if t.cancelled())
