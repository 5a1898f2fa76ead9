"""Mistake: the report is made on a loop of its own, but not returned."""

FAILS = {5}
BREAKS = "report-returns-the-result"


def run_report(make_report):
    asyncio.run(make_report())
