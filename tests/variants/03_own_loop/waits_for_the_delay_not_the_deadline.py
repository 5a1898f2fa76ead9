"""Mistake: run_with_sleeps passes wait_until the time left (a delay), not the wake-up time."""

import heapq
import itertools
import time
from collections import deque

FAILS = {3}
BREAKS = "wait-until-once-never-spin"


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    ready = deque(tasks.items())
    sleeping = []
    counter = itertools.count()
    results = {}
    while ready or sleeping:
        if not ready:
            wait_until(sleeping[0][0] - clock())
            now = clock()
            while sleeping and sleeping[0][0] <= now:
                _when, _count, name, task = heapq.heappop(sleeping)
                ready.append((name, task))
            continue
        name, task = ready.popleft()
        try:
            request = next(task)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        if isinstance(request, Sleep):
            heapq.heappush(sleeping, (clock() + request.seconds, next(counter), name, task))
        else:
            ready.append((name, task))
    return results
