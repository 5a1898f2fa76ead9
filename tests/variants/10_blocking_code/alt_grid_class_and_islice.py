"""Correct: keep_alive on a loop.time() grid, a TaskGroup runner, a class noting the longest gap,
islice chunks, a TaskGroup of to_thread, pool.submit + wrap_future, asyncio.wait."""

FAILS = set()


async def keep_alive(beat, interval):
    loop = asyncio.get_running_loop()
    start = loop.time()
    for i in itertools.count():
        beat()
        await asyncio.sleep(max(0, start + (i + 1) * interval - loop.time()))


async def run_with_keep_alive(job, beat, interval):
    async with asyncio.TaskGroup() as tg:
        ka = tg.create_task(keep_alive(beat, interval))
        try:
            return await job()
        finally:
            ka.cancel()


class _Beats:
    def __init__(self, loop):
        self.loop = loop
        self.longest = 0.0
        self.last = loop.time()

    def note(self):
        now = self.loop.time()
        self.longest = max(self.longest, now - self.last)
        self.last = now


async def longest_gap(work, interval):
    beats = _Beats(asyncio.get_running_loop())

    async def hb():
        while True:
            await asyncio.sleep(interval)
            beats.note()

    t = asyncio.ensure_future(hb())
    try:
        await work()
        beats.note()
    finally:
        t.cancel()
        await asyncio.wait([t])
    return beats.longest


async def total_weight(items, weigh, every):
    total = 0
    it = iter(items)
    while chunk := list(itertools.islice(it, every)):
        total += sum(map(weigh, chunk))
        if len(chunk) == every:
            await asyncio.sleep(0)
    return total


async def read_all(paths, read):
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(asyncio.to_thread(read, p)) for p in paths]
    return [t.result() for t in tasks]


async def resize_all(images, resize, pool):
    futs = [asyncio.wrap_future(pool.submit(resize, im)) for im in images]
    return [await f for f in futs]


async def crunch_all(job, numbers, pool, effort):
    loop = asyncio.get_running_loop()
    futs = [loop.run_in_executor(pool, functools.partial(job, n, effort=effort)) for n in numbers]
    if futs:
        await asyncio.wait(futs)
    return [f.result() for f in futs]
