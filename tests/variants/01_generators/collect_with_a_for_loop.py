"""Mistake: collect iterates with for, which swallows StopIteration and its value."""

FAILS = {2}
BREAKS = "collect-reads-the-returned-value"


def collect(gen):
    items = [item for item in gen]
    return items, None if not items else items[-1]
