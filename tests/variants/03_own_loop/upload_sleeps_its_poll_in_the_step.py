"""Mistake: threaded_upload calls time.sleep(poll) before each yield, blocking the whole loop."""

import threading
import time

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
        time.sleep(poll)
        yield Sleep(poll)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
