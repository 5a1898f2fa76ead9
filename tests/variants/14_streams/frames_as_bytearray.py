"""read_frame gathers the payload into a bytearray and returns that, not bytes."""

import asyncio

FAILS = {4}
BREAKS = "read-frame-returns-bytes"


async def read_frame(reader):
    try:
        header = await reader.readexactly(4)
    except asyncio.IncompleteReadError as error:
        if error.partial:
            raise
        return None
    payload = bytearray()
    payload += await reader.readexactly(int.from_bytes(header, "big"))
    return payload
