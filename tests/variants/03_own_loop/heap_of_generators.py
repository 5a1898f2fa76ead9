"""Mistake: heap entries are (wake-up time, task): a tie makes heapq compare two generators."""

FAILS = {3}
BREAKS = "due-together-wake-in-sleep-order"


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    results = {}
    names = {id(current): name for name, current in tasks.items()}
    ready = deque(tasks.values())
    sleeping = []
    while ready or sleeping:
        if not ready:
            wait_until(sleeping[0][0])
        now = clock()
        while sleeping and sleeping[0][0] <= now:
            ready.append(heapq.heappop(sleeping)[1])
        if not ready:
            continue
        current = ready.popleft()
        try:
            request = next(current)
        except StopIteration as stop:
            results[names[id(current)]] = stop.value
            continue
        if isinstance(request, Sleep):
            heapq.heappush(sleeping, (clock() + request.seconds, current))
        else:
            ready.append(current)
    return results
