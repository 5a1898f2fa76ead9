"""run_report makes and closes its own loop, but a failing report leaves that loop open."""

import asyncio

FAILS = {5}
BREAKS = "report-closed-on-error"


def run_report(make_report):
    loop = asyncio.new_event_loop()
    report = loop.run_until_complete(make_report())
    loop.close()
    return report
