"""Mistake: even_squares filters with `if n and n % 2 == 0`, dropping 0, which is even."""

FAILS = {3}
BREAKS = "even-squares-values"


def even_squares(numbers):
    return (n * n for n in numbers if n and n % 2 == 0)
