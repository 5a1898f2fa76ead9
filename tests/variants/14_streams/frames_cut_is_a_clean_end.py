"""read_frame returns None for any IncompleteReadError, even in the middle of a frame."""

FAILS = {4}
BREAKS = "read-frame-cut-is-an-error"


async def read_frame(reader):
    try:
        header = await reader.readexactly(4)
        return await reader.readexactly(int.from_bytes(header, "big"))
    except asyncio.IncompleteReadError:
        return None
