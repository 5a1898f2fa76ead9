"""Mistake: upload_with_heartbeat writes a scheduler loop of its own instead of running the
tasks on run_with_sleeps, as the statement asks ("on your own run_with_sleeps")."""

import heapq
import itertools
import time
from collections import deque

FAILS = {6}
BREAKS = "uwh-calls-the-parts-by-name"


def upload_with_heartbeat(work, beats, interval):
    stamps = []
    tasks = {"hb": heartbeat(stamps, beats, interval), "up": threaded_upload(work)}
    ready = deque(tasks.items())
    parked = []
    tick = itertools.count()
    results = {}
    while ready or parked:
        if not ready:
            real_wait_until(parked[0][0])
            now = time.perf_counter()
            while parked and parked[0][0] <= now:
                _, _, name, task = heapq.heappop(parked)
                ready.append((name, task))
            continue
        name, task = ready.popleft()
        try:
            what = next(task)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        if isinstance(what, Sleep):
            heapq.heappush(parked, (time.perf_counter() + what.seconds, next(tick), name, task))
        else:
            ready.append((name, task))
    return results["up"], longest_gap(stamps)
