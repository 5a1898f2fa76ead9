"""Mistake: upload_with_heartbeat always beats every 0.04 s, whatever ``interval`` it is given."""

import time

FAILS = {6}
BREAKS = "uwh-heartbeat-as-asked"


def upload_with_heartbeat(work, beats, interval):
    stamps = []
    results = run_with_sleeps(
        {"heartbeat": heartbeat(stamps, beats, 0.04), "upload": threaded_upload(work)},
        clock=time.perf_counter,
        wait_until=real_wait_until,
    )
    return results["upload"], longest_gap(stamps)
