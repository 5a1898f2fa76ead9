"""Uses asyncio.run where run_once must drive the loop by hand."""


def run_once(coro):
    return asyncio.run(coro)


FAILS = {1}
BREAKS = "run-once-by-hand"
