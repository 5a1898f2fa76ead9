"""Mistake: outcome describes a task with a list ["ok", result] instead of a tuple."""

FAILS = {4}
BREAKS = "outcome-ok"


def outcome(task):
    if not task.done():
        return ["pending", None]
    if task.cancelled():
        return ["cancelled", None]
    if task.exception() is not None:
        return ["failed", task.exception()]
    return ["ok", task.result()]
