"""fetch_one calls writer.close() but never awaits writer.wait_closed()."""

FAILS = {1}
BREAKS = "fetch-one-closes"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        line = (await reader.readline()).decode().rstrip("\n")
    finally:
        writer.close()
    if line.startswith("OK "):
        return line.removeprefix("OK ")
    raise FetchError(line or "hung up")
