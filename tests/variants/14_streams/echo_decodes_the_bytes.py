"""echo decodes each chunk and encodes it again: a UTF-8 character cut between two chunks
(or bytes that are not UTF-8) breaks it."""

FAILS = {1}
BREAKS = "echo-sends-back-as-it-arrives"


async def echo(reader, writer):
    while data := await reader.read(4096):
        writer.write(data.decode().encode())
        await writer.drain()
    writer.close()
    await writer.wait_closed()
