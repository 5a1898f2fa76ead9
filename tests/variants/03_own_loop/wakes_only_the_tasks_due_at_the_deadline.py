"""Mistake: after a wait the loop moves back only the tasks due at the very deadline it waited
for; when the wait ends late, a task due meanwhile stays parked while the others take turns."""

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
            deadline = sleeping[0][0]
            wait_until(deadline)
            while sleeping and sleeping[0][0] <= deadline:
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
            heapq.heappush(sleeping, (clock() + request.seconds, next(order), name, task))
        else:
            ready.append((name, task))
    return results
