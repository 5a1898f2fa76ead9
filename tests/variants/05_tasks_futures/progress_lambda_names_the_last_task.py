"""Mistake: a lambda in the loop reads the loop variable late, so every call names the last task."""

FAILS = {5}
BREAKS = "progress-reported-as-each-ends"


def notify_progress(tasks, on_progress):
    tasks = list(tasks)
    total = len(tasks)
    finished = [0]

    def report(task):
        finished[0] += 1
        on_progress(finished[0], total, task.get_name())

    for task in tasks:
        task.add_done_callback(lambda _: report(task))  # noqa: B023
