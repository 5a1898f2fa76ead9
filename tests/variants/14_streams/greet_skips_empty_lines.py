"""Correct: greet_lines works on bytes and sends no greeting for an empty line (allowed)."""

FAILS = set()


async def greet_lines(reader, writer):
    async for line in reader:
        name = line.strip()
        if name:
            writer.write(b"Hello, " + name + b"!\n")
            await writer.drain()
    writer.close()
    await writer.wait_closed()
