"""A correct alternative: plain lists, a sorted sleep list with bisect, and an executor."""

import bisect
import concurrent.futures

FAILS = set()


def round_robin(tasks):
    queue = list(tasks)
    while queue:
        current = queue.pop(0)
        try:
            next(current)
            queue.append(current)
        except StopIteration:
            pass


def run_and_collect(tasks):
    results = {}
    queue = list(tasks.items())
    while queue:
        name, current = queue.pop(0)
        try:
            next(current)
            queue.append((name, current))
        except StopIteration as stop:
            results[name] = stop.value
    return results


def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    results = {}
    queue = list(tasks.items())
    asleep = []  # kept sorted by (wake-up time, ticket)
    tickets = 0
    while queue or asleep:
        if not queue:
            wait_until(asleep[0][0])
            now = clock()
            while asleep and asleep[0][0] <= now:
                queue.append(asleep.pop(0)[2])
            continue
        name, current = queue.pop(0)
        try:
            request = next(current)
        except StopIteration as stop:
            results[name] = stop.value
        else:
            if isinstance(request, Sleep):
                tickets += 1
                bisect.insort(asleep, (clock() + request.seconds, tickets, (name, current)))
            else:
                queue.append((name, current))
        now = clock()
        while asleep and asleep[0][0] <= now:
            queue.append(asleep.pop(0)[2])
    return results


def heartbeat(stamps, beats, interval, clock=time.perf_counter):
    done = 0
    while done < beats:
        stamps.append(clock())
        done += 1
        yield Sleep(interval)  # one sleep after the last beat too: allowed
    return done


def longest_gap(stamps):
    gaps = sorted(stamps[i + 1] - stamps[i] for i in range(len(stamps) - 1))
    return gaps[-1] if gaps else 0.0


def threaded_upload(work, poll=0.01):
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(work)
        while not future.done():
            yield Sleep(poll)
        return future.result()  # raises work()'s exception, if any


def upload_with_heartbeat(work, beats, interval):
    stamps = []
    tasks = {
        "upload": threaded_upload(work, poll=0.005),
        "beat": heartbeat(stamps, beats, interval),
    }
    results = run_with_sleeps(tasks)
    return results["upload"], longest_gap(stamps)
