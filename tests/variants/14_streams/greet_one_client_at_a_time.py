"""greet_lines holds a lock for the whole conversation: clients are served one by one."""

FAILS = {3}
BREAKS = "greet-clients-at-once"

_one_at_a_time = asyncio.Lock()


async def greet_lines(reader, writer):
    async with _one_at_a_time:
        while line := await reader.readline():
            writer.write(f"Hello, {line.decode().strip()}!\n".encode())
            await writer.drain()
        writer.close()
        await writer.wait_closed()
