"""Correct in other styles: an iterator class, anext loops, explicit aclose, async with."""

import asyncio
import contextlib

FAILS = set()


class _Pages:
    """paginate as a hand-written async iterator instead of a generator."""

    def __init__(self, fetch_page):
        self.fetch_page = fetch_page
        self.buffer = []
        self.cursor = None
        self.last_page_seen = False

    def __aiter__(self):
        return self

    async def __anext__(self):
        while not self.buffer:
            if self.last_page_seen:
                raise StopAsyncIteration
            items, self.cursor = await self.fetch_page(self.cursor)
            self.buffer = list(items)
            self.last_page_seen = self.cursor is None
        return self.buffer.pop(0)


def paginate(fetch_page):
    return _Pages(fetch_page)


class Countdown:
    def __init__(self, start, interval):
        self.numbers = iter(range(start, 0, -1))
        self.interval = interval
        self.pending = next(self.numbers, None)

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.pending is None:
            raise StopAsyncIteration
        number = self.pending
        await asyncio.sleep(self.interval)
        self.pending = next(self.numbers, None)
        return number


async def select(source, keep):
    kept = []
    async for item in source:
        if await keep(item):
            kept.append(item)
    return kept


class Borrowed:
    def __init__(self, pool):
        self.pool = pool
        self.stack = contextlib.AsyncExitStack()

    async def __aenter__(self):
        conn = await self.pool.acquire()
        self.stack.push_async_callback(self.pool.release, conn)
        return conn

    async def __aexit__(self, *exc_info):
        await self.stack.aclose()
        return False


@contextlib.asynccontextmanager
async def borrowed(pool):
    async with Borrowed(pool) as conn:
        yield conn


async def take(source, n):
    items = []
    try:
        while len(items) < n:
            try:
                items.append(await anext(source))
            except StopAsyncIteration:
                break
    finally:
        await source.aclose()
    return items


async def stream_rows(pool):
    async with borrowed(pool) as conn:
        while True:
            row = await conn.next_row()
            if row is None:
                break
            yield row
