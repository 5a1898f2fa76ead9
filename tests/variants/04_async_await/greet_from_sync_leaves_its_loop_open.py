"""Mistake: greet_from_sync makes its own event loop and never closes it (asyncio.run would)."""

FAILS = {2}
BREAKS = "greet-from-sync-runs-greet"


def greet_from_sync(name):
    loop = asyncio.new_event_loop()
    return loop.run_until_complete(greet(name))
