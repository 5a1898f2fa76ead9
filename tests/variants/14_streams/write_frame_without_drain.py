"""write_frame writes but never awaits drain()."""

FAILS = {4}


async def write_frame(writer, payload):
    writer.write(len(payload).to_bytes(4, "big") + payload)
