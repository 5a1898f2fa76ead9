"""greet_lines waits at most 30 s for each line (asyncio.timeout): a time limit the statement
does not set."""

FAILS = {3}
BREAKS = "greet-whole-lines"


async def greet_lines(reader, writer):
    try:
        while True:
            async with asyncio.timeout(30):
                line = await reader.readline()
            if not line:
                break
            writer.write(f"Hello, {line.decode().removesuffix(chr(10))}!\n".encode())
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()
