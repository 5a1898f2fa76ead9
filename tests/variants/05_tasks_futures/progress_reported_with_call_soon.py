"""Mistake: the done callback only schedules the report with loop.call_soon, so on_progress
runs a loop iteration after the task's done callbacks, not right then."""

import asyncio

FAILS = {5}
BREAKS = "progress-reported-as-each-ends"


def notify_progress(tasks, on_progress):
    total = len(tasks)
    finished = 0
    loop = asyncio.get_running_loop()

    def report(task):
        nonlocal finished
        finished += 1
        on_progress(finished, total, task.get_name())

    for each in tasks:
        each.add_done_callback(lambda done: loop.call_soon(report, done))
