"""The seed's get_event_loop() pattern, now closing the loop: the next call gets it closed."""


def run_report(make_report):
    loop = asyncio.get_event_loop()
    try:
        return loop.run_until_complete(make_report())
    finally:
        loop.close()


FAILS = {5}
BREAKS = "report-no-get-event-loop"
