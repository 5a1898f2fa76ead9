"""fetch_one strips the value with strip(): the spaces that begin and end it are lost."""

import asyncio

FAILS = {1}
BREAKS = "fetch-one-request"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        line = (await reader.readline()).decode()
    finally:
        writer.close()
        await writer.wait_closed()
    if line.startswith("OK "):
        return line[3:].strip()
    raise FetchError(f"{key}: {line.strip() or 'the server hung up'}")
