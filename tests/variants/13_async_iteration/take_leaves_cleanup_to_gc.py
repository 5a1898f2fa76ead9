"""take breaks out of async for without closing: the cleanup is left to the garbage collector."""

FAILS = {6}
BREAKS = "take-closes-before-return"


async def take(source, n):
    items = []
    async for item in source:
        items.append(item)
        if len(items) == n:
            break
    return items
