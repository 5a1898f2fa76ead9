"""echo calls writer.drain() without awaiting it: the coroutine never runs."""

FAILS = {1}
BREAKS = "echo-drains"


async def echo(reader, writer):
    while data := await reader.read(4096):
        writer.write(data)
        writer.drain()
    writer.close()
    await writer.wait_closed()
