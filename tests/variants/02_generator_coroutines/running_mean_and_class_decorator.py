"""Correct in other styles: an averager updating a running mean, primed as a class."""

import functools

FAILS = set()


def averager():
    count = 0
    average = None
    while True:
        value = yield average
        count += 1
        average = float(value) if average is None else average + (value - average) / count


class primed:  # a decorator, named like one
    def __init__(self, generator_function):
        functools.update_wrapper(self, generator_function)
        self.generator_function = generator_function

    def __call__(self, *args, **kwargs):
        generator = self.generator_function(*args, **kwargs)
        next(generator)
        return generator
