"""write_frame awaits drain() before writing instead of after: its frame is never drained."""

FAILS = {4}
BREAKS = "write-frame-drains"


async def write_frame(writer, payload):
    await writer.drain()
    writer.write(len(payload).to_bytes(4, "big") + payload)
