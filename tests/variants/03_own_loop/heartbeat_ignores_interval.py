"""Mistake: heartbeat always sleeps 0.5 s between beats, whatever ``interval`` it is given."""

import time

FAILS = {4}
BREAKS = "heartbeat-stamps-and-sleeps-between-beats"


def heartbeat(stamps, beats, interval, clock=time.perf_counter):
    for beat in range(beats):
        if beat:
            yield Sleep(0.5)
        stamps.append(clock())
    return beats
