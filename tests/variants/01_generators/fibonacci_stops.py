"""Mistake: fibonacci stops after a fixed count instead of going on forever."""

FAILS = {4}
BREAKS = "fibonacci-never-ends"


def fibonacci():
    a, b = 0, 1
    for _ in range(100):
        yield a
        a, b = b, a + b
