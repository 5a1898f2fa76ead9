"""A correct outcome in another style: it calls result() and sorts out what it raises (an
InvalidStateError means pending only while the task is not done: its own code may raise one;
the task may have failed with a BaseException that is no Exception)."""

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
    except BaseException as error:  # any other error the task raised, Exception or not
        return ("failed", error)
