"""fetch_one encodes the request and decodes the answer as Latin-1, not UTF-8."""

FAILS = {1}
BREAKS = "fetch-one-request"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode("latin-1", errors="replace"))
        await writer.drain()
        line = (await reader.readline()).decode("latin-1").rstrip("\n")
    finally:
        writer.close()
        await writer.wait_closed()
    if line.startswith("OK "):
        return line.removeprefix("OK ")
    raise FetchError(line or "hung up")
