"""Mistake: the pre-3.7 recipe, a new loop set as current and closed, never unset."""


def run_report(make_report):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(make_report())
    finally:
        loop.close()


FAILS = {5}
BREAKS = "report-thread-as-found"
