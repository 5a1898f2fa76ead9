"""Mistake: the heartbeat blocks in time.sleep and yields nothing the loop can park."""

FAILS = {4}
BREAKS = "heartbeat-stamps-and-sleeps-between-beats"


def heartbeat(stamps, beats, interval, clock=time.perf_counter):
    for beat in range(beats):
        if beat:
            time.sleep(interval)
            yield
        stamps.append(clock())
    return beats
