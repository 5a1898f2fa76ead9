"""A correct alternative: explicit acquire/release, TaskGroup, wait_for, loops, a worker pool."""

import asyncio
import contextlib

FAILS = set()


async def deposit(account, amount, lock):
    await account.verify(amount)
    await lock.acquire()
    try:
        balance = await account.read()
        await account.write(balance + amount)
    finally:
        lock.release()


async def start_service(names, load_config, handle):
    ready = asyncio.Event()
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(worker(name, ready, handle)) for name in names]
        await load_config()
        ready.set()
    return [each.result() for each in tasks]


async def poll_until_stopped(stop, poll, interval):
    polls = 0
    while not stop.is_set():
        await poll()
        polls += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)
    return polls


async def take(shelf, condition, count):
    async with condition:
        while shelf.items < count:
            await condition.wait()
        shelf.items -= count


async def put(shelf, condition, count):
    await condition.acquire()
    try:
        shelf.items += count
        condition.notify_all()
    finally:
        condition.release()


async def fetch_capped(urls, fetch, limit):
    # A pool of `limit` workers pulling from one shared list: no semaphore needed.
    results = [None] * len(urls)
    todo = iter(enumerate(urls))

    async def pool_worker():
        for index, url in todo:
            results[index] = await fetch(url)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(limit, len(urls))):
            group.create_task(pool_worker())
    return results


async def player(name, rounds, barrier, play, announce):
    for round_number in range(rounds):
        await play(name, round_number)
        async with barrier as position:
            if position == 0:
                await announce(round_number)
