"""call_api handles on_done only: when the API calls on_error, the await hangs forever."""

import asyncio

FAILS = {7}
BREAKS = "call-api-raises-the-error"


async def call_api(api, request):
    future = asyncio.get_running_loop().create_future()

    def on_done(reply):
        if not future.done():
            future.set_result(reply)

    def on_error(error):
        pass

    api.request(request, on_done, on_error)
    return await future
