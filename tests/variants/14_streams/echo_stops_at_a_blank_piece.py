"""echo stops, and closes, at the first piece that is only whitespace (b'\\n'), not at b''."""

FAILS = {1}
BREAKS = "echo-sends-back-as-it-arrives"


async def echo(reader, writer):
    while (data := await reader.read(4096)).strip():
        writer.write(data)
        await writer.drain()
    writer.close()
    await writer.wait_closed()
