"""fetch_capped opens every connection first and holds the slot only around the request."""

FAILS = {3}
BREAKS = "fetch-capped-never-above-limit"


async def fetch_capped(address, keys, limit):
    slots = asyncio.Semaphore(limit)

    async def capped(key):
        reader, writer = await asyncio.open_connection(*address)
        try:
            async with slots:
                writer.write(f"GET {key}\n".encode())
                await writer.drain()
                line = (await reader.readline()).decode().rstrip("\n")
        finally:
            writer.close()
            await writer.wait_closed()
        if not line.startswith("OK "):
            raise FetchError(f"{key}: {line}")
        return line.removeprefix("OK ")

    return await asyncio.gather(*(capped(key) for key in keys))
