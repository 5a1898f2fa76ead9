"""Mistake: take stops at the first None, reading next(it, None) as the end."""

FAILS = {5}
BREAKS = "take-pulls-exactly-what-it-returns"


def take(n, iterable):
    it = iter(iterable)
    out = []
    while len(out) < n:
        item = next(it, None)
        if item is None:
            break
        out.append(item)
    return out
