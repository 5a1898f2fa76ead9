"""notify_progress leaves out the tasks already done: the count never reaches total."""

FAILS = {5}
BREAKS = "progress-counts-one-by-one"


def notify_progress(tasks, on_progress):
    total = len(tasks)
    finished = 0

    def report(task):
        nonlocal finished
        finished += 1
        on_progress(finished, total, task.get_name())

    for task in tasks:
        if not task.done():
            task.add_done_callback(report)
