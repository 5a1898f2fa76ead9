"""Mistake: upload_with_heartbeat returns (longest gap, upload result), the wrong way round."""

import time

FAILS = {6}
BREAKS = "uwh-returns-result-and-gap"


def upload_with_heartbeat(work, beats, interval):
    stamps = []
    results = run_with_sleeps(
        {"heartbeat": heartbeat(stamps, beats, interval), "upload": threaded_upload(work)},
        clock=time.perf_counter,
        wait_until=real_wait_until,
    )
    return longest_gap(stamps), results["upload"]
