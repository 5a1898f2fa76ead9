"""call_api's callbacks set the future even after the waiter was cancelled."""

import asyncio

FAILS = {7}
BREAKS = "call-api-late-callbacks-do-not-crash"


async def call_api(api, request):
    future = asyncio.get_running_loop().create_future()
    api.request(request, future.set_result, future.set_exception)
    return await future
