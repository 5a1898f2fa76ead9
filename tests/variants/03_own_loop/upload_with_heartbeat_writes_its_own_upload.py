"""Mistake: upload_with_heartbeat writes its own thread-and-poll task instead of calling
threaded_upload, which the statement asks for by name (the grader swaps in known-good parts)."""

FAILS = {6}
BREAKS = "uwh-calls-the-parts-by-name"


def upload_with_heartbeat(work, beats, interval):
    stamps = []
    box = {}

    def upload():
        thread = threading.Thread(target=lambda: box.setdefault("result", work()))
        thread.start()
        while thread.is_alive():
            yield Sleep(0.01)
        thread.join()
        return box["result"]

    results = run_with_sleeps({"heartbeat": heartbeat(stamps, beats, interval), "upload": upload()})
    return results["upload"], longest_gap(stamps)
