"""Mistake: keeps the items in a default list it empties at each call, so every call shares it."""

FAILS = {2}
BREAKS = "shared-state"


def collect(gen, items=[]):  # noqa: B006 (the mistake)
    items.clear()
    while True:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return list(items), stop.value
