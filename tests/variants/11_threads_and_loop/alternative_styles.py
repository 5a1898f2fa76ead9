"""A correct alternative: run_coroutine_threadsafe for the put, a loop made in its thread,
cleanup after the loop stopped, and sequential wrap_future awaits."""

import concurrent.futures
import queue as thread_queue


def threadsafe_put(queue):
    loop = asyncio.get_running_loop()

    def put(item):
        # queue.put() is a coroutine: submitted to the loop, it also runs on the loop's thread.
        asyncio.run_coroutine_threadsafe(queue.put(item), loop)

    return put


def fetch_from_thread(loop, fetch, url, timeout):
    try:
        on_the_loop = asyncio.get_running_loop() is loop
    except RuntimeError:  # no loop runs in this thread: the usual case for a worker
        on_the_loop = False
    if on_the_loop:
        raise RuntimeError("would deadlock")
    future = asyncio.run_coroutine_threadsafe(fetch(url), loop)
    done, _ = concurrent.futures.wait([future], timeout=timeout)
    if not done:
        future.cancel()
        raise TimeoutError(f"{url} took longer than {timeout} s")
    return future.result()


def start_loop_thread():
    handover = thread_queue.Queue()

    def serve():
        loop = asyncio.new_event_loop()
        loop.call_soon(handover.put, loop)
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return handover.get(timeout=5), thread


def stop_loop_thread(loop, thread):
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    # The loop has stopped: this thread may drive it now, to let the cancelled tasks end.
    leftovers = asyncio.all_tasks(loop)
    for leftover in leftovers:
        leftover.cancel()
    if leftovers:
        loop.run_until_complete(asyncio.gather(*leftovers, return_exceptions=True))
    loop.close()


async def await_pool(futures):
    return [await asyncio.wrap_future(future) for future in futures]


FAILS = set()
