"""Mistake: primed makes a generator at the first call and hands that same one to every call."""

import functools

FAILS = {2}
BREAKS = "primed-new-generator-each-call"


def primed(generator_function):
    made = []

    @functools.wraps(generator_function)
    def start(*args, **kwargs):
        if not made:
            gen = generator_function(*args, **kwargs)
            next(gen)
            made.append(gen)
        return made[0]

    return start
