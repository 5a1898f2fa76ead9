"""fetch_one decodes with errors="replace": an answer that is not UTF-8 comes back as a
value full of replacement characters."""

import asyncio

FAILS = {1}
BREAKS = "fetch-one-refuses-other-answers"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        line = (await reader.readline()).decode(errors="replace").rstrip("\n")
    finally:
        writer.close()
        await writer.wait_closed()
    if line.startswith("OK "):
        return line.removeprefix("OK ")
    if line.startswith("ERR"):
        raise FetchError(f"{key}: {line.removeprefix('ERR').strip()}")
    raise FetchError(f"{key}: {line or 'the server hung up'}")
