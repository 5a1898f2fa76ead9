"""Mistake: threaded_upload yields until a result shows up: a work() returning None never ends."""

import threading

FAILS = {5}
BREAKS = "upload-returns-work-result"


def threaded_upload(work, poll=0.01):
    box = [None, None]

    def run():
        try:
            box[0] = work()
        except BaseException as error:
            box[1] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    while box[0] is None and box[1] is None:
        yield Sleep(poll)
    thread.join()
    if box[1] is not None:
        raise box[1]
    return box[0]
