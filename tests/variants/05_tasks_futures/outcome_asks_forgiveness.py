"""A correct outcome in another style: it calls result() and sorts out what it raises (an
InvalidStateError means pending only while the task is not done: its own code may raise one)."""

FAILS = set()


def outcome(task):
    try:
        return ("ok", task.result())
    except asyncio.InvalidStateError as error:
        if task.done():
            return ("failed", error)
        return ("pending", None)
    except asyncio.CancelledError:
        return ("cancelled", None)
    except Exception as error:
        return ("failed", error)
