"""Mistake: call_api guards on_done against a cancelled future, but not on_error."""

FAILS = {7}
BREAKS = "call-api-late-callbacks-do-not-crash"


async def call_api(api, request):
    future = asyncio.get_running_loop().create_future()

    def on_done(reply):
        if not future.done():
            future.set_result(reply)

    def on_error(error):
        future.set_exception(error)

    api.request(request, on_done, on_error)
    return await future
