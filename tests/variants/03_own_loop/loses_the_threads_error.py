"""Mistake: an exception raised by work() dies with the thread; the task returns None."""

FAILS = {5}
BREAKS = "upload-raises-work-error"


def threaded_upload(work, poll=0.01):
    outcome = {}

    def run():
        outcome["result"] = work()

    thread = threading.Thread(target=run)
    thread.start()
    while thread.is_alive():
        yield Sleep(poll)
    thread.join()
    return outcome.get("result")
