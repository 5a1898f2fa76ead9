"""A correct alternative: TaskGroups, a worker pool, wait_for, recursion and asyncio.wait."""

FAILS = set()


async def fetch_one(address, key):
    reader, writer = await asyncio.open_connection(address[0], address[1])
    try:
        writer.write(b"GET " + key.encode("utf-8") + b"\n")
        await writer.drain()
        answer = await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
    if not answer:
        raise FetchError(f"no answer for {key}")
    try:
        text = answer.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FetchError(f"unreadable answer for {key}") from error
    status, _, rest = text.rstrip("\n").partition(" ")
    if status != "OK":
        raise FetchError(rest)
    return rest


async def fetch_many(address, keys):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch_one(address, key)) for key in keys]
    return [t.result() for t in tasks]


async def fetch_capped(address, keys, limit):
    # A pool of `limit` workers taking keys from a queue: also a sliding window.
    queue = asyncio.Queue()
    for entry in enumerate(keys):
        queue.put_nowait(entry)
    results = [None] * len(keys)

    async def worker():
        while not queue.empty():
            index, key = queue.get_nowait()
            results[index] = await fetch_one(address, key)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(limit, len(keys))):
            group.create_task(worker())
    return results


async def fetch_settled(address, keys, timeout):
    async def settle(key):
        try:
            return await asyncio.wait_for(fetch_one(address, key), timeout)
        except (FetchError, TimeoutError) as error:
            return error

    tasks = [asyncio.create_task(settle(key)) for key in keys]
    try:
        return [await t for t in tasks]
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def fetch_with_retries(address, key, attempts, backoff, _done=0):
    try:
        return await fetch_one(address, key)
    except FetchError:
        if _done + 1 >= attempts:
            raise
    await asyncio.sleep(backoff * 2**_done)
    return await fetch_with_retries(address, key, attempts, backoff, _done + 1)


class Fetcher:
    def __init__(self, address, *, limit, timeout, attempts=1, backoff=0.0):
        self.address = address
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        self.slots = asyncio.BoundedSemaphore(limit)
        self.running = []
        self.closed = False

    def submit(self, key):
        if self.closed:
            raise RuntimeError("closed")
        self.running = [t for t in self.running if not t.done()]
        job = asyncio.ensure_future(self._fetch(key))
        self.running.append(job)
        return job

    async def _fetch(self, key):
        await self.slots.acquire()
        try:
            return await asyncio.wait_for(
                fetch_with_retries(self.address, key, self.attempts, self.backoff),
                self.timeout,
            )
        finally:
            self.slots.release()

    async def aclose(self):
        self.closed = True
        for job in self.running:
            job.cancel()
        await asyncio.gather(*self.running, return_exceptions=True)
        self.running = []

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info):
        await self.aclose()


async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    fetcher = Fetcher(address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff)
    async with fetcher:
        jobs = [fetcher.submit(key) for key in keys]
        if jobs:
            await asyncio.wait(jobs)
    return [job.exception() or job.result() for job in jobs]
