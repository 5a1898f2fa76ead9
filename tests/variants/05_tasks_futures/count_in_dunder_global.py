"""Mistake: counts the finished tasks in a module global named with double underscores, back to
0 once all have finished, so two notify_progress calls with tasks running at once count into
one number."""

FAILS = {5}
BREAKS = "shared-state"

__finished__ = 0


def notify_progress(tasks, on_progress):
    tasks = list(tasks)
    total = len(tasks)

    def on_done(task):
        global __finished__
        __finished__ += 1
        on_progress(__finished__, total, task.get_name())
        if __finished__ == total:
            __finished__ = 0

    for task in tasks:
        task.add_done_callback(on_done)
