"""Mistake: on_progress is called before the count goes up, so it counts 0, 1, ... total - 1."""

FAILS = {5}
BREAKS = "progress-counts-one-by-one"


def notify_progress(tasks, on_progress):
    tasks = list(tasks)
    total = len(tasks)
    finished = 0

    def on_done(task):
        nonlocal finished
        on_progress(finished, total, task.get_name())
        finished += 1

    for task in tasks:
        task.add_done_callback(on_done)
