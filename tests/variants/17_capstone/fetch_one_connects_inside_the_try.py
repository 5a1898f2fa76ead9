"""fetch_one opens its connection inside the try: when connecting fails, the finally closes a
writer that was never made and raises UnboundLocalError instead of ConnectionRefusedError."""

FAILS = {1}
BREAKS = "fetch-one-closes"


async def fetch_one(address, key):
    try:
        reader, writer = await asyncio.open_connection(*address)
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        line = (await reader.readline()).decode().removesuffix("\n")
    finally:
        writer.close()
        await writer.wait_closed()
    if line.startswith("OK "):
        return line.removeprefix("OK ")
    raise FetchError(line or "the server hung up")
