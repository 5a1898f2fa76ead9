"""fetch_one takes the value as line.split()[1]: a value with spaces keeps only its first word."""

FAILS = {1}
BREAKS = "fetch-one-request"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        line = (await reader.readline()).decode().rstrip("\n")
    finally:
        writer.close()
        await writer.wait_closed()
    if line.startswith("OK "):
        return line.split()[1]
    if line.startswith("ERR"):
        raise FetchError(f"{key}: {line}")
    raise FetchError(f"{key}: the server hung up")
