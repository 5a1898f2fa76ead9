"""Mistake: fibonacci stops after 3000 numbers, a count larger than a quick check pulls."""

FAILS = {4}
BREAKS = "fibonacci-never-ends"


def fibonacci():
    a, b = 0, 1
    for _ in range(3000):
        yield a
        a, b = b, a + b
