"""echo calls writer.close() at the end but never awaits writer.wait_closed()."""

FAILS = {1}
BREAKS = "echo-closes-at-the-end"


async def echo(reader, writer):
    while data := await reader.read(4096):
        writer.write(data)
        await writer.drain()
    writer.close()
