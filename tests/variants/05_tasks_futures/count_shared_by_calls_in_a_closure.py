"""Mistake: keeps one count of finished tasks for every call, in the closure of a function made
once at import and kept in a module-level dict (back to 0 once a call's tasks have all
finished), so two notify_progress calls whose tasks end in turns count into one number."""

FAILS = {5}
BREAKS = "shared-state"


def _make_counter():
    count = [0]

    def step(total):
        count[0] += 1
        finished = count[0]
        if finished == total:
            count[0] = 0
        return finished

    return step


_counters = {0: _make_counter()}


def notify_progress(tasks, on_progress):
    tasks = list(tasks)
    total = len(tasks)

    def on_done(task):
        on_progress(_counters[0](total), total, task.get_name())

    for task in tasks:
        task.add_done_callback(on_done)
