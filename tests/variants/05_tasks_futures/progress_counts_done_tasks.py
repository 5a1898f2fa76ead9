"""Mistake: the count is sum(t.done() ...) at callback time: tasks that end in the same loop
iteration are already all done, so it reports 2, 2 instead of 1, 2."""

FAILS = {5}
BREAKS = "progress-counts-one-by-one"


def notify_progress(tasks, on_progress):
    tasks = list(tasks)

    def on_done(task):
        on_progress(sum(each.done() for each in tasks), len(tasks), task.get_name())

    for each in tasks:
        each.add_done_callback(on_done)
