"""echo waits at most a minute for each read: a time limit the statement does not set (a
client may take its time between two messages)."""

FAILS = {1}
BREAKS = "echo-sends-back-as-it-arrives"


async def echo(reader, writer):
    try:
        while data := await asyncio.wait_for(reader.read(4096), 60):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()
