"""read_frame uses read(n): a header or payload in pieces is read short."""

FAILS = {4}
BREAKS = "read-frame-waits-for-whole-frames"


async def read_frame(reader):
    header = await reader.read(4)
    if not header:
        return None
    return await reader.read(int.from_bytes(header, "big"))
