"""Mistake: fibonacci returns an iterator object of a class, not a generator function."""

FAILS = {4}
BREAKS = "fibonacci-is-a-generator-function"


class _Fibonacci:
    def __init__(self):
        self.current, self.following = 0, 1

    def __iter__(self):
        return self

    def __next__(self):
        value = self.current
        self.current, self.following = self.following, self.current + self.following
        return value


def fibonacci():
    return _Fibonacci()
