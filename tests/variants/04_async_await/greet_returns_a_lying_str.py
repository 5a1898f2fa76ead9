"""Cheat: greet returns a str subclass whose __eq__ says True to anything."""

FAILS = {1}
BREAKS = "greet-gives-hello"


class Lie(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


async def greet(name):
    return Lie("hi")
