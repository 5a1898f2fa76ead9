"""serve_until returns at once, never calling ready, when stop is already set when it is called."""

FAILS = {7}
BREAKS = "serve-until-ready"

_serve_until = serve_until


async def serve_until(handler, stop, ready):
    if stop.is_set():
        return
    await _serve_until(handler, stop, ready)
