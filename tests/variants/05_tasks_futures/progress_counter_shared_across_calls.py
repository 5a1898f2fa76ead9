"""Mistake: the count of finished tasks lives at module level, so a second call to
notify_progress goes on counting from the first."""

FAILS = {5}
BREAKS = "progress-counts-one-by-one"

finished = {"count": 0}


def notify_progress(tasks, on_progress):
    total = len(tasks)

    def report(task):
        finished["count"] += 1
        on_progress(finished["count"], total, task.get_name())

    for each in tasks:
        each.add_done_callback(report)
