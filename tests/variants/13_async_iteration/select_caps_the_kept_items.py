"""Mistake: select keeps at most 1000 items, a cap the statement never sets."""

FAILS = {3}
BREAKS = "select-awaits-keep"


async def select(source, keep):
    kept = []
    async for item in source:
        if await keep(item):
            kept.append(item)
            if len(kept) == 1000:
                break
    return kept
