"""Mistake: run_with_sleeps reads time.perf_counter() instead of the clock it was given."""

import heapq
import itertools
import time
from collections import deque

FAILS = {3}
BREAKS = "sleeps-overlap"


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    results = {}
    ready = deque(tasks.items())
    sleeping = []
    order = itertools.count()
    while ready or sleeping:
        if not ready:
            wait_until(sleeping[0][0])
            now = time.perf_counter()
            while sleeping and sleeping[0][0] <= now:
                _, _, name, task = heapq.heappop(sleeping)
                ready.append((name, task))
            continue
        name, task = ready.popleft()
        try:
            request = next(task)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        if isinstance(request, Sleep):
            wake = time.perf_counter() + request.seconds
            heapq.heappush(sleeping, (wake, next(order), name, task))
        else:
            ready.append((name, task))
    return results
