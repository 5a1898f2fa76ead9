"""Mistake: threaded_upload calls thread.run(), not start(): work() runs in the loop's thread."""

import threading

FAILS = {5}
BREAKS = "upload-runs-work-once-in-a-thread"


def threaded_upload(work, poll=0.01):
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.run()
    while thread.is_alive():
        yield Sleep(poll)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
