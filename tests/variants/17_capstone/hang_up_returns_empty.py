"""fetch_one returns '' when the server hangs up, instead of raising FetchError."""

FAILS = {1}
BREAKS = "fetch-one-raises-fetch-error"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        line = (await reader.readline()).decode().rstrip("\n")
    finally:
        writer.close()
        await writer.wait_closed()
    if line.startswith("ERR"):
        raise FetchError(line)
    return line.removeprefix("OK ")
