"""echo stops at the end of the stream but leaves the connection open."""

FAILS = {1}
BREAKS = "echo-closes-at-the-end"


async def echo(reader, writer):
    while data := await reader.read(4096):
        writer.write(data)
        await writer.drain()
