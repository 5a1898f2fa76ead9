"""Mistake: threaded_upload polls is_alive() before starting the thread, then blocks in join()."""

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
    while thread.is_alive():
        yield Sleep(poll)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
