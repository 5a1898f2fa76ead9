"""fetch_from_thread turns a falsy result ('', 0, []) into None: a falsy result is a result."""

FAILS = {2}
BREAKS = "fetch-returns-or-raises"

_fetch_from_thread = fetch_from_thread


def fetch_from_thread(loop, fetch, url, timeout):
    result = _fetch_from_thread(loop, fetch, url, timeout)
    return result if result else None
