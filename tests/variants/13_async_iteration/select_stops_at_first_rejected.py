"""select stops at the first item keep rejects, as if the source were sorted."""

FAILS = {3}
BREAKS = "select-awaits-keep"


async def select(source, keep):
    kept = []
    async for item in source:
        if not await keep(item):
            break
        kept.append(item)
    return kept
