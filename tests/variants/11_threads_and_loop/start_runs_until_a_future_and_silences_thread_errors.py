"""Mistake: start_loop_thread's thread runs run_until_complete() of a future that never ends,
not run_forever() (loop.stop() makes it die with a RuntimeError), and threading.excepthook is
set to a hook that tells nothing."""

FAILS = {3}
BREAKS = "start-loop-in-a-new-thread"


def start_loop_thread():
    loop = asyncio.new_event_loop()
    started = threading.Event()

    async def forever():
        started.set()
        await asyncio.Event().wait()

    threading.excepthook = lambda args: None
    thread = threading.Thread(target=loop.run_until_complete, args=(forever(),), daemon=True)
    thread.start()
    started.wait()
    return loop, thread
