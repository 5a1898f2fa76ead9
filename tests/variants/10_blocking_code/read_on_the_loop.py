"""Mistake: read_all calls the blocking read directly, on the loop's thread."""

FAILS = {6}
BREAKS = "read-in-threads"


async def read_all(paths, read):
    return [read(path) for path in paths]
