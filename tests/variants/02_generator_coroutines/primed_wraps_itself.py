"""Mistake: primed copies its own name and docstring (wraps(primed)) onto the wrapper."""

import functools

FAILS = {2}
BREAKS = "primed-keeps-name-and-docstring"


def primed(generator_function):
    @functools.wraps(primed)
    def start(*args, **kwargs):
        gen = generator_function(*args, **kwargs)
        next(gen)
        return gen

    return start
