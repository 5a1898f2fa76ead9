"""Mistake: the thread runs work() directly, so its return value is lost; the task returns None."""

import threading

FAILS = {5}
BREAKS = "upload-returns-work-result"


def threaded_upload(work, poll=0.01):
    thread = threading.Thread(target=work)
    thread.start()
    while thread.is_alive():
        yield Sleep(poll)
    thread.join()
