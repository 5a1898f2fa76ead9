"""Mistake: notify_progress reports how many tasks are done() when each callback runs (all of
them, for tasks ending together), and hands that count, when it runs ahead of the callbacks seen
so far, as an int subclass whose == says it equals anything."""

FAILS = {5}
BREAKS = "progress-counts-one-by-one"


class _Number(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


def notify_progress(tasks, on_progress):
    tasks = list(tasks)
    seen = 0

    def on_done(task):
        nonlocal seen
        seen += 1
        done = sum(each.done() for each in tasks)
        on_progress(done if done == seen else _Number(done), len(tasks), task.get_name())

    for task in tasks:
        task.add_done_callback(on_done)
