"""fetch_one takes 'OK ' with nothing after it for a failure: an empty value is a value."""

FAILS = {1}
BREAKS = "fetch-one-request"


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        line = (await reader.readline()).decode()
    finally:
        writer.close()
        await writer.wait_closed()
    value = line.removesuffix("\n").removeprefix("OK ")
    if not line.startswith("OK ") or not value:
        raise FetchError(line.strip() or "the server hung up")
    return value
