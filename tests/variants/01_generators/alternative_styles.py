"""A correct submission in other styles: yield from, accumulate, zip, map, nested generators."""

import itertools

FAILS = set()


def countdown(n):
    yield from range(n, 0, -1)


def collect(gen):
    items = []

    def relay():
        returned = yield from gen
        items.append(returned)

    listed = list(relay())
    return listed, items[0]


def even_squares(numbers):
    return (n**2 for n in filter(lambda n: n % 2 == 0, numbers))


def fibonacci():
    a, b = 0, 1
    for _ in itertools.count():
        yield a
        a, b = b, a + b


def take(n, iterable):
    return [item for _, item in zip(range(n), iterable, strict=False)]


def running_total(numbers):
    return itertools.accumulate(numbers)


def clean(lines):
    stripped = (line.strip() for line in lines)
    return (line for line in stripped if line and not line.startswith("#"))


def parse(lines):
    return map(int, lines)


def totals(lines):
    numbers = parse(clean(lines))
    yield from running_total(numbers)
