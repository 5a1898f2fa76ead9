"""Mistake: threaded_upload returns work()'s result or None: 0 and '' become None."""

FAILS = {5}
BREAKS = "upload-returns-work-result"


def threaded_upload(work, poll=0.01):
    import threading

    box = {}

    def target():
        try:
            box["result"] = work()
        except BaseException as error:
            box["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    while thread.is_alive():
        yield Sleep(poll)
    thread.join()
    if box.get("error"):
        raise box["error"]
    return box.get("result") or None
