"""Mistake: primed works but the decorated function loses its name and docstring."""

FAILS = {2}
BREAKS = "primed-keeps-name-and-docstring"


def primed(generator_function):
    def start(*args, **kwargs):
        gen = generator_function(*args, **kwargs)
        next(gen)
        return gen

    return start
