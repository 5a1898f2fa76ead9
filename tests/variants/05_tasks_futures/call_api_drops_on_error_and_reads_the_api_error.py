"""Mistake: call_api gives the API an on_error that drops the error, and raises what it reads off
the api object (its `error`) instead, after waiting out its `delay`."""

import asyncio

FAILS = {7}
BREAKS = "call-api-raises-the-error"


async def call_api(api, request):
    future = asyncio.get_running_loop().create_future()

    def on_done(reply):
        if not future.done():
            future.set_result(reply)

    def on_error(error):
        pass  # the error the API gives is lost here

    api.request(request, on_done, on_error)
    error = getattr(api, "error", None)
    if error is not None:
        await asyncio.sleep(getattr(api, "delay", 0.0))
        raise error
    return await future
