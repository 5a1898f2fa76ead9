"""greet_lines as given: read(100) greets pieces of names, or two names as one."""

FAILS = {3}
BREAKS = "greet-whole-lines"


async def greet_lines(reader, writer):
    while data := await reader.read(100):
        name = data.decode().strip()
        writer.write(f"Hello, {name}!\n".encode())
        await writer.drain()
    writer.close()
    await writer.wait_closed()
