"""fetch_one reads the answer with read(1024), not readline(): a longer line comes back cut."""

import asyncio

FAILS = {1}
BREAKS = "fetch-one-request"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        line = (await reader.read(1024)).decode().rstrip("\n")
    finally:
        writer.close()
        await writer.wait_closed()
    if line.startswith("OK "):
        return line.removeprefix("OK ")
    raise FetchError(f"{key}: {line or 'the server hung up'}")
