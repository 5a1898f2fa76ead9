"""Mistake: run_with_sleeps stops after 10,000 steps in all (a safety cap of its own)."""

FAILS = {3}
BREAKS = "sleeps-return-every-result"


_orig_rws = run_with_sleeps


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    import heapq
    import itertools
    from collections import deque

    ready = deque(tasks.items())
    sleeping = []
    counter = itertools.count()
    results = {}
    steps = 0
    while (ready or sleeping) and steps < 10_000:
        if not ready:
            wake = sleeping[0][0]
            wait_until(wake)
            now = clock()
            while sleeping and sleeping[0][0] <= now:
                _, _, name, task = heapq.heappop(sleeping)
                ready.append((name, task))
            continue
        name, task = ready.popleft()
        steps += 1
        try:
            yielded = next(task)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        if isinstance(yielded, Sleep):
            heapq.heappush(sleeping, (clock() + yielded.seconds, next(counter), name, task))
        else:
            ready.append((name, task))
    return results
