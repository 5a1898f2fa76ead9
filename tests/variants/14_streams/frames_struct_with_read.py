"""read_frame reads its header with read(4) and struct.unpack: a header in pieces is short."""

import struct

FAILS = {4}
BREAKS = "read-frame-waits-for-whole-frames"


async def read_frame(reader):
    header = await reader.read(4)
    if not header:
        return None
    (size,) = struct.unpack(">I", header)
    return await reader.readexactly(size)
