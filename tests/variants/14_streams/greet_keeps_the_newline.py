"""greet_lines reads whole lines but keeps the newline in the name: "Hello, Ann\n!"."""

FAILS = {3}
BREAKS = "greet-whole-lines"


async def greet_lines(reader, writer):
    while line := await reader.readline():
        name = line.decode()
        writer.write(f"Hello, {name}!\n".encode())
        await writer.drain()
    writer.close()
    await writer.wait_closed()
