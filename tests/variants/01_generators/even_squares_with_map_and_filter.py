"""Mistake: even_squares returns a lazy map object, not the generator the statement asks for."""

FAILS = {3}
BREAKS = "even-squares-is-a-generator-expression"


def even_squares(numbers):
    return map(lambda number: number * number, filter(lambda number: number % 2 == 0, numbers))
