"""read_frame catches IncompleteReadError around both reads: a stream that ends right after a
whole header (no payload byte) comes back as None, not as an error."""

FAILS = {4}
BREAKS = "read-frame-cut-is-an-error"


async def read_frame(reader):
    try:
        header = await reader.readexactly(4)
        return await reader.readexactly(int.from_bytes(header, "big"))
    except asyncio.IncompleteReadError as error:
        if not error.partial:
            return None
        raise
