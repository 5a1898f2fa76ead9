"""echo writes each chunk back but never awaits drain(): it reads on while its buffer grows."""

FAILS = {1}
BREAKS = "echo-drains"


async def echo(reader, writer):
    while data := await reader.read(4096):
        writer.write(data)
    writer.close()
    await writer.wait_closed()
