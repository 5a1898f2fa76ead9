"""greet_lines collects every line and greets them all only once the client has finished."""

FAILS = {3}
BREAKS = "greet-whole-lines"


async def greet_lines(reader, writer):
    names = [line.decode().strip() async for line in reader]
    for name in names:
        writer.write(f"Hello, {name}!\n".encode())
        await writer.drain()
    writer.close()
    await writer.wait_closed()
