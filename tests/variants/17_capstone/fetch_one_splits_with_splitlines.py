"""fetch_one takes splitlines()[0] of the answer, which also breaks at U+2028 in a value."""

import asyncio

FAILS = {1}
BREAKS = "fetch-one-request"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        line = ((await reader.readline()).decode().splitlines() or [""])[0]
    finally:
        writer.close()
        await writer.wait_closed()
    if line.startswith("OK "):
        return line[3:]
    raise FetchError(f"{key}: {line.strip() or 'the server hung up'}")
