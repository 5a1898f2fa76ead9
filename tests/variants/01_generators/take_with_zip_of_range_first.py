"""A correct take in another style: zip(range(n), iterable) stops before pulling an extra item."""

FAILS = set()


def take(n, iterable):
    return [item for _, item in zip(range(n), iterable, strict=False)]
