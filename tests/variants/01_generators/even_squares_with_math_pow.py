"""Mistake: even_squares squares with math.pow, which gives floats (16.0), not int squares."""

import math

FAILS = {3}
BREAKS = "even-squares-values"


def even_squares(numbers):
    return (math.pow(number, 2) for number in numbers if number % 2 == 0)
