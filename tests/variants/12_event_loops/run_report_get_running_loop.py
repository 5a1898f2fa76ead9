"""Mistake: get_event_loop() swapped for get_running_loop(), which sync code cannot call.

No loop runs in the caller's thread, so it raises RuntimeError every time.
"""

import asyncio

FAILS = {5}
BREAKS = "report-loop-closed"


def run_report(make_report):
    loop = asyncio.get_running_loop()
    return loop.run_until_complete(make_report())
