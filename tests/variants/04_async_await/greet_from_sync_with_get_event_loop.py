"""Mistake: greet_from_sync runs greet on asyncio.get_event_loop(), which it never started."""

import asyncio

FAILS = {2}
BREAKS = "greet-from-sync-runs-greet"


def greet_from_sync(name):
    return asyncio.get_event_loop().run_until_complete(greet(name))
