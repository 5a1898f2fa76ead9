"""stop_loop_thread stops, joins and closes, leaving the loop's tasks pending for ever."""


def stop_loop_thread(loop, thread):
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    loop.close()


FAILS = {4}
BREAKS = "stop-cancels-and-waits"
