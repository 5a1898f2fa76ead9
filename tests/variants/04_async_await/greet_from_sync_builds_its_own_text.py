"""Mistake: greet_from_sync builds the greeting itself instead of running greet."""

FAILS = {2}
BREAKS = "greet-from-sync-runs-greet"


def greet_from_sync(name):
    return f"Hello, {name}!"
