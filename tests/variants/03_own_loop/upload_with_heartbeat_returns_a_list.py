"""Mistake: upload_with_heartbeat returns a list [result, gap] where a tuple is asked for."""

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
    return [results["upload"], longest_gap(stamps)]
