"""notify_progress's callback calls task.result(), which raises for a failed or cancelled task."""

FAILS = {5}
BREAKS = "progress-reported-as-each-ends"


def notify_progress(tasks, on_progress):
    tasks = list(tasks)
    finished = []

    def on_done(task):
        task.result()
        finished.append(task)
        on_progress(len(finished), len(tasks), task.get_name())

    for each in tasks:
        each.add_done_callback(on_done)
