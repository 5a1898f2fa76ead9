"""Mistake: fibonacci rounds Binet's formula in floats, exact only for the first 70 numbers."""

import itertools
import math

FAILS = {4}
BREAKS = "fibonacci-values"


def fibonacci():
    phi = (1 + math.sqrt(5)) / 2
    for n in itertools.count():
        yield round(phi**n / math.sqrt(5))
