"""Mistake: primed makes and primes one generator while decorating, and hands out that one."""

import functools

FAILS = {2}
BREAKS = "primed-new-generator-each-call"


def primed(generator_function):
    gen = generator_function("shared")
    next(gen)

    @functools.wraps(generator_function)
    def start(*args, **kwargs):
        return gen

    return start
