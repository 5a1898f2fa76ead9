"""Mistake: outcome describes a failed task with the error's text, not the exception itself."""

FAILS = {4}
BREAKS = "outcome-failed"


def outcome(task):
    if not task.done():
        return ("pending", None)
    if task.cancelled():
        return ("cancelled", None)
    if task.exception() is not None:
        return ("failed", str(task.exception()))
    return ("ok", task.result())
