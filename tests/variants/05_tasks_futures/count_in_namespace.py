"""Mistake: counts the finished tasks on a module-level namespace object, back to 0 once all
have finished, so two notify_progress calls with tasks running at once count into one number."""

import types

FAILS = {5}
BREAKS = "shared-state"

_progress = types.SimpleNamespace(finished=0)


def notify_progress(tasks, on_progress):
    tasks = list(tasks)
    total = len(tasks)

    def on_done(task):
        _progress.finished += 1
        on_progress(_progress.finished, total, task.get_name())
        if _progress.finished == total:
            _progress.finished = 0

    for task in tasks:
        task.add_done_callback(on_done)
