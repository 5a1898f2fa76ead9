"""A correct solution in another style: TaskGroup, set_name, a lambda callback, EAFP, a class."""

import asyncio

FAILS = set()


async def run_pair(first, second):
    async with asyncio.TaskGroup() as group:
        first_task = group.create_task(first())
        second_task = group.create_task(second())
    return first_task.result(), second_task.result()


def start_named(jobs):
    tasks = []
    for name, job in jobs.items():
        started = asyncio.ensure_future(job())
        started.set_name(name)
        tasks.append(started)
    return tasks


def spawn(coro):
    started = asyncio.get_running_loop().create_task(coro)
    background_tasks.add(started)
    # A lambda instead of the bound method; a finally inside a wrapper coroutine would not
    # run for a task cancelled before it starts (spawn_discards_in_a_wrapper.py).
    started.add_done_callback(lambda done: background_tasks.discard(done))
    return started


def outcome(task):
    if not task.done():
        return ("pending", None)
    try:
        return ("ok", task.result())
    except asyncio.CancelledError:
        return ("cancelled", None)
    except BaseException as error:
        return ("failed", error)


class _Progress:
    def __init__(self, total, on_progress):
        self.count = 0
        self.total = total
        self.on_progress = on_progress

    def __call__(self, task):
        self.count += 1
        self.on_progress(self.count, self.total, task.get_name())


def notify_progress(tasks, on_progress):
    tasks = list(tasks)
    progress = _Progress(len(tasks), on_progress)
    for each in tasks:
        each.add_done_callback(progress)


def settle_later(delay, value=None, error=None):
    loop = asyncio.get_running_loop()
    future = asyncio.Future(loop=loop)

    def settle():
        if future.cancelled():
            return
        if error is None:
            future.set_result(value)
        else:
            future.set_exception(error)

    loop.call_at(loop.time() + delay, settle)
    return future


async def call_api(api, request):
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle(method, value):
        if not future.cancelled():
            method(value)

    api.request(
        request,
        lambda reply: settle(future.set_result, reply),
        lambda error: settle(future.set_exception, error),
    )
    try:
        return await future
    except asyncio.CancelledError:
        future.cancel()  # harmless: already cancelled with the task
        raise
