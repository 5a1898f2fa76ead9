"""write_frame's header counts the payload's characters as text, not its bytes."""

FAILS = {4}
BREAKS = "write-frame-format"


async def write_frame(writer, payload):
    length = len(payload.decode("utf-8", "replace"))
    writer.write(length.to_bytes(4, "big") + payload)
    await writer.drain()
