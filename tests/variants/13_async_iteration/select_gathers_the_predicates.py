"""select reads every item first, then awaits the predicates together with gather (correct)."""

import asyncio

FAILS = set()


async def select(source, keep):
    items = [item async for item in source]
    verdicts = await asyncio.gather(*(keep(item) for item in items))
    return [item for item, verdict in zip(items, verdicts, strict=True) if verdict]
