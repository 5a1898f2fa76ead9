"""Mistake: heartbeat beats and sleeps right, but returns nothing instead of ``beats``."""

import time

FAILS = {4}
BREAKS = "heartbeat-returns-beats"


def heartbeat(stamps, beats, interval, clock=time.perf_counter):
    for beat in range(beats):
        if beat:
            yield Sleep(interval)
        stamps.append(clock())
