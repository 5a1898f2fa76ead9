"""Correct in other styles: wait_closed in finally, retries by recursion, wait_for in the slot."""

import asyncio
import contextlib

FAILS = set()


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(("GET " + key + "\n").encode("utf-8"))
        await writer.drain()
        raw = await reader.readline()
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    try:
        line = raw.decode("utf-8").removesuffix("\n")
    except UnicodeError:
        line = ""  # not text: no value in it
    if line.startswith("OK "):
        return line[3:]
    raise FetchError(line or "hung up")


async def fetch_with_retries(address, key, attempts, backoff, _done=0):
    try:
        return await fetch_one(address, key)
    except FetchError:
        if _done + 1 >= attempts:
            raise
    await asyncio.sleep(backoff * 2**_done)
    return await fetch_with_retries(address, key, attempts, backoff, _done + 1)


async def _fetch_with_wait_for(self, key):
    async with self._slots:
        return await asyncio.wait_for(
            fetch_with_retries(self.address, key, self.attempts, self.backoff), self.timeout
        )


Fetcher._fetch = _fetch_with_wait_for


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    async with Fetcher(
        address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff
    ) as fetcher:
        fetches = [fetcher.submit(key) for key in keys]
        done = await asyncio.gather(*fetches, return_exceptions=True)
    return list(done)
