"""call_api polls for the reply with time.sleep: a blocking call that freezes the loop."""

import time

FAILS = {7}
BREAKS = "call-api-gives-the-reply"


async def call_api(api, request):
    box = []
    api.request(request, box.append, box.append)
    while not box:
        time.sleep(0.01)
    if isinstance(box[0], Exception):
        raise box[0]
    return box[0]
