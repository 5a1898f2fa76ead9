"""The seed's mistake: work() is called again inside the waiting loop, blocking every pass."""

FAILS = {5}
BREAKS = "upload-runs-work-once-in-a-thread"


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
        work()
        yield Sleep(poll)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
