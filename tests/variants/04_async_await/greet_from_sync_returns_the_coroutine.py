"""Mistake: greet_from_sync returns greet(name) as it is: a coroutine nobody runs, not the text."""

FAILS = {2}
BREAKS = "greet-from-sync-runs-greet"


def greet_from_sync(name):
    return greet(name)
