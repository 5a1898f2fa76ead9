"""threadsafe_put starts a task that polls a deque every few milliseconds and feeds the
queue from it: no call_soon_threadsafe, and a task left running for ever."""

import collections

FAILS = {1}
BREAKS = "put-runs-on-the-loop-thread"


def threadsafe_put(queue):
    waiting = collections.deque()  # append and popleft are thread-safe

    async def pump():
        while True:
            while waiting:
                queue.put_nowait(waiting.popleft())
            await asyncio.sleep(0.005)

    asyncio.get_running_loop().create_task(pump())
    return waiting.append
