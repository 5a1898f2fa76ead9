"""Mistake: greet prints its greeting instead of returning it, so awaiting it gives None."""

FAILS = {1}
BREAKS = "greet-gives-hello"


async def greet(name):
    print(f"Hello, {name}!")
