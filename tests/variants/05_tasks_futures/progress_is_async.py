"""Mistake: notify_progress is written with async def, so calling it runs nothing."""

FAILS = {5}
BREAKS = "progress-returns-at-once"


async def notify_progress(tasks, on_progress):
    tasks = list(tasks)
    finished = 0

    def on_done(task):
        nonlocal finished
        finished += 1
        on_progress(finished, len(tasks), task.get_name())

    for each in tasks:
        each.add_done_callback(on_done)
