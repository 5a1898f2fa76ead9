"""fetch_one checks that the answer starts with 'OK', not 'OK ': 'OKAY x' gives a value."""

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
    if line.startswith("OK"):
        return line[3:]
    raise FetchError(f"{key}: {line or 'hung up'}")
