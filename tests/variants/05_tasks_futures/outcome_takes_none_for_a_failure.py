"""Mistake: outcome takes a None result for a failure, so a task that returned None is "failed"."""

FAILS = {4}
BREAKS = "outcome-ok"


def outcome(task):
    if not task.done():
        return ("pending", None)
    if task.cancelled():
        return ("cancelled", None)
    result = task.result() if task.exception() is None else None
    if result is not None:
        return ("ok", result)
    return ("failed", task.exception())
