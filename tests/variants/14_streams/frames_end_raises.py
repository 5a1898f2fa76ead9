"""read_frame lets IncompleteReadError out at the clean end of the stream too."""

FAILS = {4}
BREAKS = "read-frame-clean-end-is-none"


async def read_frame(reader):
    header = await reader.readexactly(4)
    return await reader.readexactly(int.from_bytes(header, "big"))
