"""spawn keeps no reference: the loop's weak one cannot keep the task alive."""

import asyncio

FAILS = {3}
BREAKS = "spawn-keeps-a-strong-reference"


def spawn(coro):
    return asyncio.create_task(coro)
