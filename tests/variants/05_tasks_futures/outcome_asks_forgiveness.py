"""A correct outcome in another style: it calls result() and sorts out what it raises."""

FAILS = set()


def outcome(task):
    try:
        return ("ok", task.result())
    except asyncio.InvalidStateError:
        return ("pending", None)
    except asyncio.CancelledError:
        return ("cancelled", None)
    except Exception as error:
        return ("failed", error)
