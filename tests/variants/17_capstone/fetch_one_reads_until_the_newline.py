"""fetch_one reads with readuntil(b'\\n'): a hang-up raises IncompleteReadError, not FetchError."""

FAILS = {1}
BREAKS = "fetch-one-raises-fetch-error"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        line = (await reader.readuntil(b"\n")).decode().removesuffix("\n")
    finally:
        writer.close()
        await writer.wait_closed()
    if line.startswith("OK "):
        return line.removeprefix("OK ")
    raise FetchError(line)
