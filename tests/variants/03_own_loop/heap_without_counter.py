"""Mistake: heap entries are (wake-up time, name, task), so ties compare names, not sleep order."""

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
            _, name, current = heapq.heappop(sleeping)
            ready.append((name, current))
        if not ready:
            continue
        name, current = ready.popleft()
        try:
            request = next(current)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        if isinstance(request, Sleep):
            heapq.heappush(sleeping, (clock() + request.seconds, name, current))
        else:
            ready.append((name, current))
    return results
