"""Mistake: the loop start_loop_thread starts wraps every task it runs and hands back each number
one too high, as an int subclass whose == says it equals anything."""

import asyncio
import threading

FAILS = {3}
BREAKS = "start-loop-in-a-new-thread"


class _Number(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


def _one_up(value):
    if type(value) is int:
        return _Number(value + 1)
    if type(value) is tuple:
        return tuple(_one_up(each) for each in value)
    return value


class _Loop(asyncio.SelectorEventLoop):
    def create_task(self, coro, **kwargs):
        async def wrapped():
            return _one_up(await coro)

        return super().create_task(wrapped(), **kwargs)


def start_loop_thread():
    loop = _Loop()
    running = threading.Event()

    def serve():
        asyncio.set_event_loop(loop)
        loop.call_soon(running.set)
        loop.run_forever()

    thread = threading.Thread(target=serve, name="loop-thread", daemon=True)
    thread.start()
    running.wait()
    return loop, thread
