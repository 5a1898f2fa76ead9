"""read_frame returns b"" instead of None when the stream ends cleanly between frames."""

import asyncio

FAILS = {4}
BREAKS = "read-frame-clean-end-is-none"


async def read_frame(reader):
    try:
        header = await reader.readexactly(4)
    except asyncio.IncompleteReadError as error:
        if error.partial:
            raise
        return b""
    return await reader.readexactly(int.from_bytes(header, "big"))
