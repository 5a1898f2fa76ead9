"""Mistake: even_squares is a generator, but its first next() builds every square at once."""

FAILS = {3}
BREAKS = "even-squares-pulls-to-next-even"


def even_squares(numbers):
    def squares():
        yield from [number * number for number in numbers if number % 2 == 0]

    return squares()
