"""Mistake: upload_with_heartbeat runs the upload to its end, then the heartbeat on its own."""

import time

FAILS = {6}
BREAKS = "uwh-heartbeat-keeps-beating"


def upload_with_heartbeat(work, beats, interval):
    stamps = []
    uploaded = run_with_sleeps(
        {"upload": threaded_upload(work)}, clock=time.perf_counter, wait_until=real_wait_until
    )
    run_with_sleeps(
        {"heartbeat": heartbeat(stamps, beats, interval)},
        clock=time.perf_counter,
        wait_until=real_wait_until,
    )
    return uploaded["upload"], longest_gap(stamps)
