"""greet_lines decodes names as ASCII, dropping what is not: 'Zoë' is greeted as 'Zo'."""

FAILS = {3}
BREAKS = "greet-whole-lines"


async def greet_lines(reader, writer):
    while line := await reader.readline():
        name = line.decode("ascii", "ignore").strip()
        writer.write(f"Hello, {name}!\n".encode())
        await writer.drain()
    writer.close()
    await writer.wait_closed()
