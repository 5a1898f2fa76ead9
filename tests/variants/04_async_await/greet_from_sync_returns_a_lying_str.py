"""Cheat: greet_from_sync runs greet, then hands back a str that claims to equal anything."""

FAILS = {2}
BREAKS = "greet-from-sync-returns-the-text"


class Lie(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def greet_from_sync(name):
    asyncio.run(greet(name))
    return Lie("done")
