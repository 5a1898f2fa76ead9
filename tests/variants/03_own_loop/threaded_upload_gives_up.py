"""Mistake: threaded_upload gives up after 1000 polls and raises TimeoutError."""

FAILS = {5}
BREAKS = "upload-yields-sleep-poll-while-alive"


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
    polls = 0
    while thread.is_alive() and polls < 1000:
        polls += 1
        yield Sleep(poll)
    if thread.is_alive():
        raise TimeoutError("upload took too long")
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("result")
