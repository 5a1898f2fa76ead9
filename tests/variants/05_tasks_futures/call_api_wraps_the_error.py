"""Mistake: call_api raises a new RuntimeError with the error's text, not the error itself."""

FAILS = {7}
BREAKS = "call-api-raises-the-error"


async def call_api(api, request):
    future = asyncio.get_running_loop().create_future()

    def on_done(reply):
        if not future.done():
            future.set_result(reply)

    def on_error(error):
        if not future.done():
            future.set_exception(RuntimeError(f"request failed: {error}"))

    api.request(request, on_done, on_error)
    return await future
