"""echo reads whole lines: bytes without a newline are never sent back."""

FAILS = {1}
BREAKS = "echo-sends-back-as-it-arrives"


async def echo(reader, writer):
    while line := await reader.readline():
        writer.write(line)
        await writer.drain()
    writer.close()
    await writer.wait_closed()
