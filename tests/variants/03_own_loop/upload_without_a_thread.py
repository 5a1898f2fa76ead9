"""Mistake: upload_with_heartbeat runs the seed's blocking_upload, which starves the heartbeat."""

FAILS = {6}
BREAKS = "uwh-heartbeat-keeps-beating"


def upload_with_heartbeat(work, beats, interval):
    stamps = []
    results = run_with_sleeps(
        {"heartbeat": heartbeat(stamps, beats, interval), "upload": blocking_upload(work)}
    )
    return results["upload"], longest_gap(stamps)
