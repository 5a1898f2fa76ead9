"""Mistake: upload_with_heartbeat runs its loop and heartbeat on time.time, not perf_counter."""

import time

FAILS = {6}
BREAKS = "uwh-heartbeat-keeps-beating"


def upload_with_heartbeat(work, beats, interval):
    stamps = []
    tasks = {
        "heartbeat": heartbeat(stamps, beats, interval, clock=time.time),
        "upload": threaded_upload(work),
    }
    results = run_with_sleeps(
        tasks, clock=time.time, wait_until=lambda deadline: real_wait_until(deadline, time.time)
    )
    return results["upload"], longest_gap(stamps)
