"""Mistake: take checks the count after pulling, so one extra item is pulled and lost."""

FAILS = {5}
BREAKS = "take-pulls-exactly-what-it-returns"


def take(n, iterable):
    result = []
    for item in iterable:
        if len(result) == n:
            break
        result.append(item)
    return result
