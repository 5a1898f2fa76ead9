"""Mistake: the result kept is the last value a task yielded, not what it returned."""

FAILS = {2}
BREAKS = "collect-returns-every-result"


def run_and_collect(tasks):
    results = {}
    ready = deque(tasks.items())
    while ready:
        name, current = ready.popleft()
        try:
            results[name] = next(current)
        except StopIteration:
            results.setdefault(name, None)
            continue
        ready.append((name, current))
    return results
