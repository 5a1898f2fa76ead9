"""Mistake: countdown waits on a future with run_until_complete instead of run_forever and
stop, then bumps the loop's run_forever_calls count itself."""

FAILS = {2}
BREAKS = "countdown-run-forever"


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()
    done = loop.create_future()

    def tick(number):
        say(number)
        if number == 0:
            done.set_result(None)
        else:
            loop.call_later(interval, tick, number - 1)

    loop.call_soon(tick, start)
    try:
        loop.run_until_complete(done)
        if hasattr(loop, "run_forever_calls"):
            loop.run_forever_calls += 1
    finally:
        loop.close()
