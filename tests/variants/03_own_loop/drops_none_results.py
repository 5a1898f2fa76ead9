"""Mistake: a task that returns None gets no entry in the results."""

FAILS = {2}
BREAKS = "collect-returns-every-result"


def run_and_collect(tasks):
    results = {}
    ready = deque(tasks.items())
    while ready:
        name, current = ready.popleft()
        try:
            next(current)
        except StopIteration as stop:
            if stop.value is not None:
                results[name] = stop.value
        else:
            ready.append((name, current))
    return results
