"""Mistake: primed keeps the generator it made for each set of arguments and hands it out
again, so two calls with the same arguments share one generator."""

import functools

FAILS = {2}
BREAKS = "primed-new-generator-each-call"


def primed(generator_function):
    made = {}

    @functools.wraps(generator_function)
    def start(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        if key not in made:
            made[key] = generator_function(*args, **kwargs)
            next(made[key])
        return made[key]

    return start
