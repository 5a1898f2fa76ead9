"""Mistake: heartbeat returns len(stamps), which counts stamps that were there before it."""

import time

FAILS = {4}
BREAKS = "heartbeat-returns-beats"


def heartbeat(stamps, beats, interval, clock=time.perf_counter):
    for beat in range(beats):
        stamps.append(clock())
        if beat < beats - 1:
            yield Sleep(interval)
    return len(stamps)
