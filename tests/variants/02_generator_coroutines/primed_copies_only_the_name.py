"""Mistake: primed copies the generator function's name by hand but not its docstring."""

FAILS = {2}
BREAKS = "primed-keeps-name-and-docstring"


def primed(generator_function):
    def start(*args, **kwargs):
        gen = generator_function(*args, **kwargs)
        next(gen)
        return gen

    start.__name__ = generator_function.__name__
    return start
