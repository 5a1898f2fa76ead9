"""Mistake: even_squares uses square brackets, so it computes every square at once."""

FAILS = {3}
BREAKS = "even-squares-is-a-generator-expression"


def even_squares(numbers):
    return [number * number for number in numbers if number % 2 == 0]
