"""start_loop_thread creates the thread but never starts it."""


def start_loop_thread():
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    return loop, thread


FAILS = {3}
BREAKS = "start-loop-in-a-new-thread"
