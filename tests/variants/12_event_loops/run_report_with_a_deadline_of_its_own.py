"""Mistake: run_report wraps make_report() in asyncio.wait_for(..., 10), a deadline the
statement never sets: a report that takes longer ends in TimeoutError."""

FAILS = {5}
BREAKS = "report-returns-the-result"


def run_report(make_report):
    return asyncio.run(asyncio.wait_for(make_report(), 10))
