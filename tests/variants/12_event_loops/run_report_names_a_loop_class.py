"""run_report makes its loop by naming a class, SelectorEventLoop(), not new_event_loop()."""


def run_report(make_report):
    loop = asyncio.SelectorEventLoop()
    try:
        return loop.run_until_complete(make_report())
    finally:
        loop.close()


FAILS = {5}
BREAKS = "report-new-event-loop"
