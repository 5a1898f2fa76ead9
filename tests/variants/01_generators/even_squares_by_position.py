"""Mistake: even_squares squares the numbers at even positions, not the even numbers."""

FAILS = {3}
BREAKS = "even-squares-values"


def even_squares(numbers):
    return (number * number for index, number in enumerate(numbers) if index % 2 == 0)
