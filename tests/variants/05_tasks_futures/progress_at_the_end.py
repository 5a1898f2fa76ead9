"""notify_progress waits for every task and reports them all at the end, not as each ends."""

import asyncio

FAILS = {5}
BREAKS = "progress-reported-as-each-ends"


def notify_progress(tasks, on_progress):
    tasks = list(tasks)

    async def report_all():
        await asyncio.gather(*tasks, return_exceptions=True)
        for count, each in enumerate(tasks, start=1):
            on_progress(count, len(tasks), each.get_name())

    spawn(report_all())
