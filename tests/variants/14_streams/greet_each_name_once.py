"""greet_lines greets a name only the first time it comes: a repeated line gets no reply."""

FAILS = {3}
BREAKS = "greet-whole-lines"


async def greet_lines(reader, writer):
    greeted = set()
    while line := await reader.readline():
        name = line.decode().strip()
        if name not in greeted:
            greeted.add(name)
            writer.write(f"Hello, {name}!\n".encode())
            await writer.drain()
    writer.close()
    await writer.wait_closed()
