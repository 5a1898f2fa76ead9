"""outcome forgets that a task may still be running: result() raises InvalidStateError."""

FAILS = {4}
BREAKS = "outcome-pending"


def outcome(task):
    if task.cancelled():
        return ("cancelled", None)
    if task.exception() is not None:
        return ("failed", task.exception())
    return ("ok", task.result())
