"""Mistake: the task joins the thread right away, which blocks the loop as much as work() did."""

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
    yield Sleep(poll)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
