"""Mistake: each of the Fetcher's fetches opens its connection first and waits for a slot only to
send and read, so every submitted key holds a connection open at once."""

import asyncio

FAILS = {6, 7}


class Fetcher(Fetcher):
    async def _fetch(self, key):
        reader, writer = await asyncio.open_connection(*self.address)
        try:
            async with self._slots:
                async with asyncio.timeout(self.timeout):
                    writer.write(f"GET {key}\n".encode())
                    await writer.drain()
                    answer = (await reader.readline()).decode().rstrip("\n")
        finally:
            writer.close()
            await writer.wait_closed()
        if answer.startswith("OK "):
            return answer.removeprefix("OK ")
        raise FetchError(f"{key}: {answer}")
