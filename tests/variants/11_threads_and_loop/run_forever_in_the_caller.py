"""start_loop_thread runs the loop in the caller's thread: run_forever never returns."""


def start_loop_thread():
    loop = asyncio.new_event_loop()
    thread = threading.current_thread()
    loop.run_forever()
    return loop, thread


FAILS = {3}
BREAKS = "start-loop-in-a-new-thread"
