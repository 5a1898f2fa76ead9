"""Mistake: outcome calls a task failed when its result is an exception, even one it returned:
whether a task failed is what task.exception() says, not the type of its result."""

FAILS = {4}
BREAKS = "outcome-ok"


def outcome(task):
    if not task.done():
        return ("pending", None)
    if task.cancelled():
        return ("cancelled", None)
    value = task.exception() or task.result()
    if isinstance(value, BaseException):
        return ("failed", value)
    return ("ok", value)
