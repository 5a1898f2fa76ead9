"""Mistake: run_with_sleeps moves at most four due tasks back to the ready queue after a wait,
so more due at once cost another wait_until for a time already past."""

import heapq
import itertools
import time
from collections import deque

FAILS = {3}
BREAKS = "wake-every-due-task"


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    results = {}
    ready = deque(tasks.items())
    sleeping = []
    order = itertools.count()
    while ready or sleeping:
        if not ready:
            wait_until(sleeping[0][0])
            now = clock()
            for _woken in range(4):
                if not sleeping or sleeping[0][0] > now:
                    break
                _, _, name, task = heapq.heappop(sleeping)
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
            heapq.heappush(sleeping, (clock() + request.seconds, next(order), name, task))
        else:
            ready.append((name, task))
    return results
