"""Mistake: heartbeat stamps once before its loop, so heartbeat(stamps, 0, ...) still beats."""

import time

FAILS = {4}
BREAKS = "heartbeat-stamps-and-sleeps-between-beats"


def heartbeat(stamps, beats, interval, clock=time.perf_counter):
    stamps.append(clock())
    for _beat in range(beats - 1):
        yield Sleep(interval)
        stamps.append(clock())
    return beats
