"""Mistake: run_with_sleeps uses the caller's dict as its ready queue, so it ends empty."""

FAILS = {3}
BREAKS = "sleeps-leave-the-dict-alone"


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    results = {}
    ready = tasks  # popped from the front, put back at the end
    sleeping = []
    order = itertools.count()
    while ready or sleeping:
        if not ready:
            wait_until(sleeping[0][0])
        now = clock()
        while sleeping and sleeping[0][0] <= now:
            _, _, name, task = heapq.heappop(sleeping)
            ready[name] = task
        if not ready:
            continue
        name = next(iter(ready))
        task = ready.pop(name)
        try:
            request = next(task)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        if isinstance(request, Sleep):
            heapq.heappush(sleeping, (clock() + request.seconds, next(order), name, task))
        else:
            ready[name] = task
    return results
