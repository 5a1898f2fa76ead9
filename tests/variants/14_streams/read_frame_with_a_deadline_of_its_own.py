"""read_frame waits at most 30 s for a header (asyncio.wait_for): a time limit the statement
does not set."""

FAILS = {4}
BREAKS = "read-frame-waits-for-whole-frames"


async def read_frame(reader):
    try:
        header = await asyncio.wait_for(reader.readexactly(4), 30)
    except asyncio.IncompleteReadError as error:
        if error.partial:
            raise
        return None
    return await reader.readexactly(int.from_bytes(header, "big"))
