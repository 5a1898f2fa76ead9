"""Mistake: primed passes on positional arguments only, so keyword arguments are refused."""

import functools

FAILS = {2}
BREAKS = "primed-passes-the-arguments"


def primed(generator_function):
    @functools.wraps(generator_function)
    def start(*args):
        gen = generator_function(*args)
        next(gen)
        return gen

    return start
