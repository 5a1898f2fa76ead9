"""Mistake: greet_from_sync runs greet on a loop made at import and never closed."""

import asyncio

FAILS = {2}
BREAKS = "greet-from-sync-runs-greet"

_loop = asyncio.new_event_loop()


def greet_from_sync(name):
    return _loop.run_until_complete(greet(name))
