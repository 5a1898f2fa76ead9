"""Mistake: counts the finished tasks in a module global, back to 0 once all have finished, so
two notify_progress calls with tasks running at once count into one number."""

FAILS = {5}
BREAKS = "shared-state"

_finished = 0


def notify_progress(tasks, on_progress):
    tasks = list(tasks)
    total = len(tasks)

    def on_done(task):
        global _finished
        _finished += 1
        on_progress(_finished, total, task.get_name())
        if _finished == total:
            _finished = 0

    for task in tasks:
        task.add_done_callback(on_done)
