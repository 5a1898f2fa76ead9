"""Mistake: upload_with_heartbeat computes the longest gap itself instead of calling
longest_gap, which the statement asks for by name (the grader swaps in known-good parts)."""

FAILS = {6}
BREAKS = "uwh-calls-the-parts-by-name"


def upload_with_heartbeat(work, beats, interval):
    stamps = []
    results = run_with_sleeps(
        {"heartbeat": heartbeat(stamps, beats, interval), "upload": threaded_upload(work)}
    )
    gap = 0.0
    for index in range(1, len(stamps)):
        gap = max(gap, stamps[index] - stamps[index - 1])
    return results["upload"], gap
