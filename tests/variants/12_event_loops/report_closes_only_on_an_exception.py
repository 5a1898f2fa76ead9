"""Closes the loop after a report and in `except Exception`: a BaseException leaves it open."""


def run_report(make_report):
    loop = asyncio.new_event_loop()
    try:
        result = loop.run_until_complete(make_report())
    except Exception:
        loop.close()
        raise
    loop.close()
    return result


FAILS = {5}
BREAKS = "report-closed-on-error"
