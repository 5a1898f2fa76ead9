"""Mistake: one loop made when the module loads serves every call, and each call closes it.

The first call works; the next one finds the loop closed.
"""

import asyncio

FAILS = {5}
BREAKS = "report-returns-the-result"

REPORT_LOOP = asyncio.new_event_loop()


def run_report(make_report):
    try:
        return REPORT_LOOP.run_until_complete(make_report())
    finally:
        REPORT_LOOP.close()
