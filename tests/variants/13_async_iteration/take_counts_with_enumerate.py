"""Correct in another style: take counts with enumerate and closes with a finally."""

FAILS = set()


async def take(source, n):
    items = []
    try:
        if n > 0:
            index = 0
            async for item in source:
                items.append(item)
                index += 1
                if index >= n:
                    break
    finally:
        await source.aclose()
    return items
