"""Mistake: upload_with_heartbeat makes a heartbeat of 10 beats, whatever beats it is given."""

import time

FAILS = {6}
BREAKS = "uwh-heartbeat-as-asked"


def upload_with_heartbeat(work, beats, interval):
    stamps = []
    tasks = {"heartbeat": heartbeat(stamps, 10, interval), "upload": threaded_upload(work)}
    results = run_with_sleeps(tasks, time.perf_counter, real_wait_until)
    return results["upload"], longest_gap(stamps)
