"""greet_lines awaits drain() before each write, not after: every greeting goes undrained."""

FAILS = {3}
BREAKS = "greet-drains"


async def greet_lines(reader, writer):
    while line := await reader.readline():
        await writer.drain()
        writer.write(f"Hello, {line.decode().strip()}!\n".encode())
    writer.close()
    await writer.wait_closed()
