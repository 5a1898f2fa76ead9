"""fetch_one takes any line but ERR or a hang-up for 'OK <value>': garbage becomes a value."""

import asyncio

FAILS = {1}
BREAKS = "fetch-one-refuses-other-answers"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        line = (await reader.readline()).decode().rstrip("\n")
    finally:
        writer.close()
        await writer.wait_closed()
    if not line or line.startswith("ERR"):
        raise FetchError(f"{key}: {line or 'hung up'}")
    return line[3:]
