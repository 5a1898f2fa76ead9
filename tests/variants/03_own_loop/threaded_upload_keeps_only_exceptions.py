"""Mistake: threaded_upload's thread keeps only an Exception: a BaseException that is no
Exception ends the thread, lost, and the task fails with a KeyError of its own."""

import threading

FAILS = {5}
BREAKS = "upload-raises-work-error"


def threaded_upload(work, poll=0.01):
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except Exception as error:
            outcome["error"] = error

    thread = threading.Thread(target=run, name="upload")
    thread.start()
    while thread.is_alive():
        yield Sleep(poll)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
