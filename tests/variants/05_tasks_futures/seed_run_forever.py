"""The seed's mistake: loop.run_forever() from inside a coroutine on the running loop."""

import asyncio

FAILS = {1}
BREAKS = "run-pair-runs-both-at-once"


async def run_pair(first, second):
    loop = asyncio.get_event_loop()
    first_task = loop.create_task(first())
    second_task = loop.create_task(second())
    loop.run_forever()
    return first_task.result(), second_task.result()
