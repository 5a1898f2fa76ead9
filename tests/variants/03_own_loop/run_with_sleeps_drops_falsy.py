"""Mistake: run_with_sleeps keeps a falsy result ('', 0, []) as None."""

FAILS = {3}
BREAKS = "sleeps-return-every-result"


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    import heapq
    import itertools
    from collections import deque

    ready = deque(tasks.items())
    sleeping = []
    counter = itertools.count()
    results = {}
    while ready or sleeping:
        if not ready:
            wake = sleeping[0][0]
            wait_until(wake)
            now = clock()
            while sleeping and sleeping[0][0] <= now:
                _, _, name, task = heapq.heappop(sleeping)
                ready.append((name, task))
            continue
        name, task = ready.popleft()
        try:
            yielded = next(task)
        except StopIteration as stop:
            if stop.value:
                results[name] = stop.value
            else:
                results[name] = None
            continue
        if isinstance(yielded, Sleep):
            heapq.heappush(sleeping, (clock() + yielded.seconds, next(counter), name, task))
        else:
            ready.append((name, task))
    return results
