"""Mistake: with nothing ready, the loop spins reading the clock instead of waiting."""

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
            _, _, name, current = heapq.heappop(sleeping)
            ready.append((name, current))
        if not ready:
            continue  # busy waiting: burns a CPU, and a fake clock never moves
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
