"""Mistake: outcome takes any InvalidStateError from task.result() for "pending", so a done task
whose own code raised InvalidStateError is described as ("pending", None), not as failed."""

FAILS = {4}
BREAKS = "outcome-failed"


def outcome(task):
    try:
        return ("ok", task.result())
    except asyncio.CancelledError:
        return ("cancelled", None)
    except asyncio.InvalidStateError:
        return ("pending", None)
    except Exception as error:
        return ("failed", error)
