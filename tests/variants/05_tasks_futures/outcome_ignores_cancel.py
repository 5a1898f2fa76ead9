"""outcome asks exception() before cancelled(): it raises CancelledError on a cancelled task."""

FAILS = {4}
BREAKS = "outcome-cancelled"


def outcome(task):
    if not task.done():
        return ("pending", None)
    if task.exception() is not None:
        return ("failed", task.exception())
    if task.cancelled():
        return ("cancelled", None)
    return ("ok", task.result())
