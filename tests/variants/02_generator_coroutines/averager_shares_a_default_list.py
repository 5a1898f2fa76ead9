"""Mistake: averager keeps its numbers in a default list, shared by every averager."""

FAILS = {1}
BREAKS = "averager-keeps-its-own-numbers"


def averager(numbers=[]):  # noqa: B006 (the mistake)
    average = None
    while True:
        numbers.append((yield average))
        average = sum(numbers) / len(numbers)
