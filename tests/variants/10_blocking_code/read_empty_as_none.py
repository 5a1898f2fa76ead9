"""read_all gives None for a file whose content is '' (`result or None`): '' is a result."""

FAILS = {6}
BREAKS = "read-results-in-order"


async def read_all(paths, read):
    results = await asyncio.gather(*(asyncio.to_thread(read, path) for path in paths))
    return [result or None for result in results]
