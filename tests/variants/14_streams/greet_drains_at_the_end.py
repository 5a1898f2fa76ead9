"""greet_lines writes every greeting and awaits drain() only once, after the last line."""

FAILS = {3}
BREAKS = "greet-drains"


async def greet_lines(reader, writer):
    while line := await reader.readline():
        writer.write(f"Hello, {line.decode().strip()}!\n".encode())
    await writer.drain()
    writer.close()
    await writer.wait_closed()
