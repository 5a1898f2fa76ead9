"""read_frame returns None whenever the header is incomplete, even when 2 of its 4 bytes came."""

import asyncio

FAILS = {4}
BREAKS = "read-frame-cut-is-an-error"


async def read_frame(reader):
    try:
        header = await reader.readexactly(4)
    except asyncio.IncompleteReadError:
        return None
    return await reader.readexactly(int.from_bytes(header, "big"))
