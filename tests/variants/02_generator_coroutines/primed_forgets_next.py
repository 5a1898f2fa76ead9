"""Mistake: primed returns the generator without advancing it to its first yield."""

import functools

FAILS = {2}
BREAKS = "primed-primes-at-each-call"


def primed(generator_function):
    @functools.wraps(generator_function)
    def start(*args, **kwargs):
        return generator_function(*args, **kwargs)

    return start
