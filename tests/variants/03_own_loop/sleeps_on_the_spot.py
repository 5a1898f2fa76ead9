"""Mistake: the loop waits out each Sleep as soon as a task asks, so sleeps never overlap."""

FAILS = {3}
BREAKS = "sleeps-overlap"


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    results = {}
    ready = deque(tasks.items())
    while ready:
        name, current = ready.popleft()
        try:
            request = next(current)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        if isinstance(request, Sleep):
            wait_until(clock() + request.seconds)
        ready.append((name, current))
    return results
