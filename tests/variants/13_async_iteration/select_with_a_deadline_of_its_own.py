"""Mistake: select awaits each keep(item) inside asyncio.timeout(60), a deadline the
statement never sets: a predicate that takes longer ends select in TimeoutError."""

FAILS = {3}
BREAKS = "select-awaits-keep"


async def select(source, keep):
    kept = []
    async for item in source:
        async with asyncio.timeout(60):
            accepted = await keep(item)
        if accepted:
            kept.append(item)
    return kept
