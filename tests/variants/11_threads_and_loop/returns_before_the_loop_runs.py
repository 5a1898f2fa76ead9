"""Mistake: start_loop_thread returns as soon as the thread is started, maybe before the
loop runs: a caller that checks loop.is_running() at once can find it False."""

FAILS = {3}
BREAKS = "start-returns-once-running"


def start_loop_thread():
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="loop-thread", daemon=True)
    thread.start()
    return loop, thread
