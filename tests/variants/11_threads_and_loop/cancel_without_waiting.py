"""stop_loop_thread cancels the tasks but stops the loop before their cleanup can run."""


def stop_loop_thread(loop, thread):
    def cancel_the_rest():
        for leftover in asyncio.all_tasks(loop):
            leftover.cancel()
        loop.stop()

    loop.call_soon_threadsafe(cancel_the_rest)
    thread.join()
    loop.close()


FAILS = {4}
BREAKS = "stop-cancels-and-waits"
