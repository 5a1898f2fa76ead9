"""greet_lines greets every line but never closes the connection when the client is done."""

FAILS = {3}
BREAKS = "greet-closes-at-the-end"


async def greet_lines(reader, writer):
    while line := await reader.readline():
        writer.write(f"Hello, {line.decode().strip()}!\n".encode())
        await writer.drain()
