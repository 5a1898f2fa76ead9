"""Mistake: greet is a plain def, so calling it returns the text, not a coroutine object."""

FAILS = {1}
BREAKS = "greet-is-a-coroutine-function"


def greet(name):
    return f"Hello, {name}!"
