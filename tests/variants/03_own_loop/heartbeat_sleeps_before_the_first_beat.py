"""Mistake: heartbeat sleeps before every beat, the first one too, so it starts late."""

import time

FAILS = {4}
BREAKS = "heartbeat-stamps-and-sleeps-between-beats"


def heartbeat(stamps, beats, interval, clock=time.perf_counter):
    for _ in range(beats):
        yield Sleep(interval)
        stamps.append(clock())
    return beats
