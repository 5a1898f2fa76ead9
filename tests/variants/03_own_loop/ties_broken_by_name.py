"""Mistake: heap entries are (wake-up time, name, task): ties wake in name, not sleep, order."""

import heapq
import time
from collections import deque

FAILS = {3}
BREAKS = "due-together-wake-in-sleep-order"


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    results = {}
    ready = deque(tasks.items())
    sleeping = []
    while ready or sleeping:
        if not ready:
            wait_until(sleeping[0][0])
        now = clock()
        while sleeping and sleeping[0][0] <= now:
            _, name, task = heapq.heappop(sleeping)
            ready.append((name, task))
        if not ready:
            continue
        name, task = ready.popleft()
        try:
            request = next(task)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        if isinstance(request, Sleep):
            heapq.heappush(sleeping, (clock() + request.seconds, name, task))
        else:
            ready.append((name, task))
    return results
