"""Mistake: primed returns what next() gave back (the first yield) instead of the generator."""

import functools

FAILS = {2}
BREAKS = "primed-primes-at-each-call"


def primed(generator_function):
    @functools.wraps(generator_function)
    def start(*args, **kwargs):
        return next(generator_function(*args, **kwargs))

    return start
