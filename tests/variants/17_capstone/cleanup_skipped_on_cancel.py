"""fetch_one closes its connection after an answer, but not when it is cancelled (no finally)."""

FAILS = {1}
BREAKS = "fetch-one-closes"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    writer.write(f"GET {key}\n".encode())
    await writer.drain()
    line = (await reader.readline()).decode().rstrip("\n")
    writer.close()
    await writer.wait_closed()
    if line.startswith("OK "):
        return line.removeprefix("OK ")
    raise FetchError(line or "hung up")
