"""Mistake: run_with_sleeps drops a task that raises, and returns as if nothing had happened."""

import heapq
import itertools
import time
from collections import deque

FAILS = {3}
BREAKS = "sleeps-task-error-comes-out"


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    results = {}
    ready = deque(tasks.items())
    sleeping = []
    order = itertools.count()
    while ready or sleeping:
        if not ready:
            wait_until(sleeping[0][0])
        now = clock()
        while sleeping and sleeping[0][0] <= now:
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
        except Exception:  # a failed task is dropped without a word
            continue
        if isinstance(request, Sleep):
            heapq.heappush(sleeping, (clock() + request.seconds, next(order), name, task))
        else:
            ready.append((name, task))
    return results
