"""Mistake: a task of its own waits for the tasks and reports them, a loop turn after each
ends, not from a done callback."""

import asyncio

FAILS = {5}
BREAKS = "progress-reported-as-each-ends"

watchers = set()


def notify_progress(tasks, on_progress):
    total = len(tasks)

    async def watch():
        pending, count = set(tasks), 0
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for each in sorted(done, key=list(tasks).index):
                count += 1
                on_progress(count, total, each.get_name())

    watcher = asyncio.ensure_future(watch())
    watchers.add(watcher)
    watcher.add_done_callback(watchers.discard)
