"""echo reads everything until the client closes, then sends it back all at once."""

FAILS = {1}
BREAKS = "echo-sends-back-as-it-arrives"


async def echo(reader, writer):
    data = await reader.read()
    writer.write(data)
    await writer.drain()
    writer.close()
    await writer.wait_closed()
