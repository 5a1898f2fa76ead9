"""Mistake: threaded_upload always sleeps 0.05 s between looks, whatever ``poll`` it is given."""

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
        yield Sleep(0.05)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
