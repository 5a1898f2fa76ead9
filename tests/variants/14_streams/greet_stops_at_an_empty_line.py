"""greet_lines loops while the stripped name is not empty: an empty line ends the conversation."""

FAILS = {3}
BREAKS = "greet-closes-at-the-end"


async def greet_lines(reader, writer):
    while name := (await reader.readline()).decode().strip():
        writer.write(f"Hello, {name}!\n".encode())
        await writer.drain()
    writer.close()
    await writer.wait_closed()
