"""Mistake: with nothing ready, the loop waits a millisecond at a time, up to the wake-up time."""

import heapq
import itertools
import time
from collections import deque

FAILS = {3}
BREAKS = "wait-until-once-never-spin"


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    results = {}
    ready = deque(tasks.items())
    sleeping = []
    order = itertools.count()
    while ready or sleeping:
        now = clock()
        while sleeping and sleeping[0][0] <= now:
            _, _, name, task = heapq.heappop(sleeping)
            ready.append((name, task))
        if not ready:
            wait_until(min(sleeping[0][0], now + 0.001))
            continue
        name, task = ready.popleft()
        try:
            request = next(task)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        if isinstance(request, Sleep):
            heapq.heappush(sleeping, (clock() + request.seconds, next(order), name, task))
        else:
            ready.append((name, task))
    return results
