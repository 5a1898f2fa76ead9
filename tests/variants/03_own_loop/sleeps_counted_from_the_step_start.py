"""Mistake: the wake-up time is clock() read before the step + seconds, so a step's own time
is not counted and the task wakes early."""

FAILS = {3}
BREAKS = "sleeps-overlap"


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    ready = deque(tasks.items())
    sleeping = []
    counter = itertools.count()
    results = {}
    while ready or sleeping:
        if not ready:
            wait_until(sleeping[0][0])
            now = clock()
            while sleeping and sleeping[0][0] <= now:
                _, _, name, task = heapq.heappop(sleeping)
                ready.append((name, task))
            continue
        name, task = ready.popleft()
        started = clock()
        try:
            yielded = next(task)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        if isinstance(yielded, Sleep):
            heapq.heappush(sleeping, (started + yielded.seconds, next(counter), name, task))
        else:
            ready.append((name, task))
    return results
