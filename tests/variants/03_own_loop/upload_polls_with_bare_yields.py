"""Mistake: threaded_upload yields None while the thread works, so the loop spins instead of
parking it for ``poll`` seconds."""

import threading

FAILS = {5}
BREAKS = "upload-yields-sleep-poll-while-alive"


def threaded_upload(work, poll=0.01):
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    while thread.is_alive():
        yield
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
