"""Mistake: threaded_upload raises a new RuntimeError from work()'s error instead of that error."""

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

    thread = threading.Thread(target=run)
    thread.start()
    while thread.is_alive():
        yield Sleep(poll)
    thread.join()
    if "error" in outcome:
        raise RuntimeError("upload failed") from outcome["error"]
    return outcome["result"]
