"""A correct solution in other styles: asyncio.wait for the pair, loop.create_task and
set_name, functools.partial, match, itertools.count, a timer handle cancelled with the
future, an Event as the bridge."""

import asyncio
import functools
import itertools

FAILS = set()


async def run_pair(first, second):
    t1 = asyncio.ensure_future(first())
    t2 = asyncio.ensure_future(second())
    try:
        await asyncio.wait({t1, t2})
    finally:
        for t in (t1, t2):
            t.cancel()
    return t1.result(), t2.result()


def start_named(jobs):
    loop = asyncio.get_running_loop()
    out = []
    for name in jobs:
        t = loop.create_task(jobs[name]())
        t.set_name(name)
        out.append(t)
    return out


def spawn(coro):
    task = asyncio.get_running_loop().create_task(coro)
    background_tasks.add(task)
    task.add_done_callback(functools.partial(set.discard, background_tasks))
    return task


def outcome(task):
    match (task.done(), task.done() and task.cancelled()):
        case (False, _):
            return ("pending", None)
        case (True, True):
            return ("cancelled", None)
    if (e := task.exception()) is None:
        return ("ok", task.result())
    return ("failed", e)


def notify_progress(tasks, on_progress):
    counter = itertools.count(1)
    total = len(tasks)
    for t in tasks:
        t.add_done_callback(lambda t: on_progress(next(counter), total, t.get_name()))


def settle_later(delay, value=None, error=None):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    if error is not None:
        handle = loop.call_later(delay, fut.set_exception, error)
    else:
        handle = loop.call_later(delay, fut.set_result, value)
    fut.add_done_callback(lambda f: handle.cancel() if f.cancelled() else None)
    return fut


async def call_api(api, request):
    event = asyncio.Event()
    box = {}

    def on_done(reply):
        box["reply"] = reply
        event.set()

    def on_error(exc):
        box["error"] = exc
        event.set()

    api.request(request, on_done, on_error)
    await event.wait()
    if "error" in box:
        raise box["error"]
    return box["reply"]
