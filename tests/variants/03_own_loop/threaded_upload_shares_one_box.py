"""Mistake: threaded_upload keeps its thread's outcome in a dict of the module's: two uploads
at once write over each other's result."""

import threading

FAILS = {5}
BREAKS = "upload-returns-work-result"

_outcome = {}


def threaded_upload(work, poll=0.01):
    def run():
        try:
            _outcome["result"] = work()
            _outcome.pop("error", None)
        except BaseException as error:
            _outcome["error"] = error

    thread = threading.Thread(target=run, name="upload")
    thread.start()
    while thread.is_alive():
        yield Sleep(poll)
    thread.join()
    if "error" in _outcome:
        raise _outcome.pop("error")
    return _outcome["result"]
