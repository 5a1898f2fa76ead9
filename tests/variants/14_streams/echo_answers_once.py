"""echo reads once, sends it back and closes: a client that sends twice loses its second part."""

FAILS = {1}
BREAKS = "echo-sends-back-as-it-arrives"


async def echo(reader, writer):
    data = await reader.read(4096)
    writer.write(data)
    await writer.drain()
    writer.close()
    await writer.wait_closed()
