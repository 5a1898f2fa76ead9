"""Mistake: threaded_upload polls at most 500 times, then joins for 0.01 s and returns."""

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
    while thread.is_alive() and polls < 500:
        polls += 1
        yield Sleep(poll)
    thread.join(timeout=0.01)
    if "error" in box:
        raise box["error"]
    return box.get("result")
