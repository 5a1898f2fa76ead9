"""Mistake: outcome calls result() and catches CancelledError and Exception only, so a task
that failed with a BaseException that is no Exception makes it raise."""

FAILS = {4}
BREAKS = "outcome-failed"


def outcome(task):
    if not task.done():
        return ("pending", None)
    try:
        return ("ok", task.result())
    except asyncio.CancelledError:
        if task.cancelled():
            return ("cancelled", None)
        raise
    except Exception as error:
        return ("failed", error)
