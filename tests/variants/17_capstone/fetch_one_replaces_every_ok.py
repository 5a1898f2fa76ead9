"""fetch_one removes every 'OK ' with replace(), so a value that holds 'OK ' loses it too."""

import asyncio

FAILS = {1}
BREAKS = "fetch-one-request"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        line = (await reader.readline()).decode().removesuffix("\n")
    finally:
        writer.close()
        await writer.wait_closed()
    if line.startswith("OK "):
        return line.replace("OK ", "")
    raise FetchError(f"{key}: {line or 'the server hung up'}")
