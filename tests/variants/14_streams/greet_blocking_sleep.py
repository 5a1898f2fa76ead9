"""greet_lines "takes its time" with time.sleep, which freezes every other client."""

import time

FAILS = {3}
BREAKS = "greet-clients-at-once"


async def greet_lines(reader, writer):
    while line := await reader.readline():
        time.sleep(0.01)
        writer.write(f"Hello, {line.decode().strip()}!\n".encode())
        await writer.drain()
    writer.close()
    await writer.wait_closed()
