"""fetch_one never closes its connection."""

FAILS = {1}
BREAKS = "fetch-one-closes"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    writer.write(f"GET {key}\n".encode())
    await writer.drain()
    line = (await reader.readline()).decode().rstrip("\n")
    if line.startswith("OK "):
        return line.removeprefix("OK ")
    raise FetchError(line or "hung up")
