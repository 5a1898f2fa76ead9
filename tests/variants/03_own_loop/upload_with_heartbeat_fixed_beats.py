"""Mistake: upload_with_heartbeat always runs 12 beats every 0.02 s, whatever it is asked."""

import time

FAILS = {6}
BREAKS = "uwh-heartbeat-as-asked"


def upload_with_heartbeat(work, beats, interval):
    stamps = []
    results = run_with_sleeps(
        {"heartbeat": heartbeat(stamps, 12, 0.02), "upload": threaded_upload(work)},
        clock=time.perf_counter,
        wait_until=real_wait_until,
    )
    return results["upload"], longest_gap(stamps)
