"""write_frame writes but never awaits drain()."""

FAILS = {4}
BREAKS = "write-frame-drains"


async def write_frame(writer, payload):
    writer.write(len(payload).to_bytes(4, "big") + payload)
