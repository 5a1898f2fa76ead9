"""Mistake: threaded_upload starts Thread(target=work), which loses what work() returns or
raises, and hands back what it reads off the work object (its `result`, its `error`) instead."""

import threading

FAILS = {5}
BREAKS = "upload-returns-work-result"


def threaded_upload(work, poll=0.01):
    thread = threading.Thread(target=work, name="upload")  # what work() gives is lost here
    thread.start()
    while thread.is_alive():
        yield Sleep(poll)
    thread.join()
    error = getattr(work, "error", None)
    if error is not None:
        raise error
    return getattr(work, "result", None)
