"""read_frame and write_frame put the length little-endian."""

FAILS = {4}
BREAKS = "write-frame-format"


async def read_frame(reader):
    try:
        header = await reader.readexactly(4)
    except asyncio.IncompleteReadError as error:
        if error.partial:
            raise
        return None
    return await reader.readexactly(int.from_bytes(header, "little"))


async def write_frame(writer, payload):
    writer.write(len(payload).to_bytes(4, "little") + payload)
    await writer.drain()
