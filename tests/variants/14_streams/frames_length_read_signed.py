"""read_frame reads the 4-byte length as signed: a header with its top bit set gives a negative
length, and a frame cut after such a header raises ValueError, not IncompleteReadError."""

FAILS = {4}
BREAKS = "read-frame-cut-is-an-error"


async def read_frame(reader):
    try:
        header = await reader.readexactly(4)
    except asyncio.IncompleteReadError as error:
        if error.partial:
            raise
        return None
    return await reader.readexactly(int.from_bytes(header, "big", signed=True))
