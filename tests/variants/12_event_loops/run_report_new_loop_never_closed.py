"""Makes a fresh loop for every report but never closes it."""


def run_report(make_report):
    return asyncio.new_event_loop().run_until_complete(make_report())


FAILS = {5}
BREAKS = "report-loop-closed"
