"""Mistake: the loop waits for the earliest sleeper even while other tasks are ready."""

FAILS = {3}
BREAKS = "ready-tasks-run-while-others-sleep"


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    results = {}
    ready = deque(tasks.items())
    sleeping = []
    order = itertools.count()
    while ready or sleeping:
        if sleeping:
            wait_until(sleeping[0][0])
        now = clock()
        while sleeping and sleeping[0][0] <= now:
            _, _, name, current = heapq.heappop(sleeping)
            ready.append((name, current))
        name, current = ready.popleft()
        try:
            request = next(current)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        if isinstance(request, Sleep):
            heapq.heappush(sleeping, (clock() + request.seconds, next(order), name, current))
        else:
            ready.append((name, current))
    return results
